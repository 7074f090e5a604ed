import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../session/types";
import { EMAIL_TOPICS, outboxFor } from "./events";
import { renderEmail } from "./messages";
import { retryDelayMs } from "./outbox";

const USER = "00000000-0000-4000-8000-00000000000a";
const event = (e: Partial<AuditEvent> & Pick<AuditEvent, "type">): AuditEvent => ({
  userId: USER,
  sessionId: "00000000-0000-4000-8000-00000000000b",
  ipPrefix: "203.0.113.0/24",
  userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
  at: Date.UTC(2026, 11, 2, 14, 3),
  ...e,
});
const both = { email: true, webhook: true };
const topics = (e: AuditEvent) => outboxFor(e, both).map((d) => `${d.channel}:${d.topic}`);

describe("what each audit event sends", () => {
  it("a sign-in emails only from a browser or app new to the account; the webhook goes either way", () => {
    expect(topics(event({ type: "session.created", detail: { kind: "browser", newDevice: true } }))).toEqual([
      "email:new-sign-in",
      "webhook:session.created",
    ]);
    expect(topics(event({ type: "session.created", detail: { kind: "browser", newDevice: false } }))).toEqual(["webhook:session.created"]);
    // an adoption or a reset sign-in says nothing about a new device: no email
    expect(topics(event({ type: "session.created", detail: { kind: "browser" } }))).toEqual(["webhook:session.created"]);
  });

  it("tells the owner of password changes and resets, admin sign-outs, disabling, theft and binding", () => {
    expect(topics(event({ type: "account.password-changed" }))).toEqual(["email:password-changed", "webhook:user.password-changed"]);
    expect(topics(event({ type: "account.password-reset" }))).toEqual(["email:password-reset", "webhook:user.password-reset"]);
    expect(topics(event({ type: "account.password-reset-requested" }))).toEqual(["email:password-reset-link"]);
    expect(topics(event({ type: "admin.sessions-ended" }))).toEqual(["email:sessions-ended-by-admin"]);
    expect(topics(event({ type: "admin.account-disabled" }))).toEqual(["email:account-disabled", "webhook:user.disabled"]);
    expect(topics(event({ type: "session.reuse-detected", detail: { reason: "token-reuse" } }))).toEqual([
      "email:session-stolen",
      "webhook:session.reuse-detected",
    ]);
    expect(topics(event({ type: "session.revoked", detail: { reason: "hijack-suspected" } }))).toEqual([
      "email:session-suspicious",
      "webhook:session.revoked",
    ]);
    expect(topics(event({ type: "session.revoked", detail: { reason: "signed-out" } }))).toEqual(["webhook:session.revoked"]);
    expect(topics(event({ type: "session.suspicious", detail: { action: "log" } }))).toEqual(["webhook:session.suspicious"]);
    expect(topics(event({ type: "admin.incident-all-sessions-ended", userId: null }))).toEqual(["fanout:sessions-ended-incident"]);
  });

  it("writes nothing for a channel that is not configured", () => {
    expect(outboxFor(event({ type: "account.password-changed" }), { email: false, webhook: false })).toEqual([]);
    expect(outboxFor(event({ type: "account.password-changed" }), { email: false, webhook: true }).map((d) => d.channel)).toEqual([
      "webhook",
    ]);
  });

  it("payloads carry ids, kinds, reasons, the network prefix and a device name: never a token or a full address", () => {
    const [draft] = outboxFor(
      event({
        type: "session.revoked",
        detail: { reason: "admin", by: "admin:x", kind: "browser", token: "secret-token", ip: "203.0.113.7" },
      }),
      { email: false, webhook: true },
    );
    expect(draft!.payload).toEqual({
      at: "2026-12-02T14:03:00.000Z",
      ipPrefix: "203.0.113.0/24",
      device: "Safari on Macintosh",
      kind: "browser",
      reason: "admin",
      by: "admin:x",
    });
  });
});

describe("the emails", () => {
  const facts = {
    email: "owner@example.test",
    at: "2026-12-02T14:03:00.000Z",
    device: "Safari on macOS",
    ipPrefix: "203.0.113.0/24",
    link: "https://accounts.example.test/not-me?token=abc",
    forgotPasswordUrl: "https://accounts.example.test/forgot-password",
  };

  it("every message exists in English and Japanese, as text and HTML, saying when", () => {
    for (const topic of EMAIL_TOPICS) {
      const en = renderEmail(topic, "en", facts);
      const ja = renderEmail(topic, "ja", facts);
      expect(en.text).toContain("2 December 2026 at 14:03 UTC");
      expect(ja.text).toContain("2026年12月2日 14:03 UTC");
      expect(ja.subject).not.toBe(en.subject);
      expect(en.html).toContain(`<html lang="en">`);
      expect(ja.html).toContain(`<html lang="ja">`);
    }
  });

  it("escapes what it puts into HTML (a crafted device name cannot inject markup)", () => {
    const { html } = renderEmail("new-sign-in", "en", { ...facts, device: '<img src=x onerror="alert(1)">' });
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("the new-sign-in email says from which device and network, and links 'This wasn't me'", () => {
    const { text } = renderEmail("new-sign-in", "en", facts);
    expect(text).toContain("Device: Safari on macOS");
    expect(text).toContain("Network: 203.0.113.0/24 (the first part of the address)");
    expect(text).toContain("This wasn't me: https://accounts.example.test/not-me?token=abc");
  });
});

describe("retries", () => {
  it("back off from 5 s, doubling to at most an hour, with at most a fifth of jitter", () => {
    expect(retryDelayMs(1, () => 0)).toBe(5_000);
    expect(retryDelayMs(2, () => 0)).toBe(10_000);
    expect(retryDelayMs(20, () => 0)).toBe(3_600_000);
    expect(retryDelayMs(1, () => 1)).toBe(6_000);
  });
});
