import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/connection";
import { PrismaAuditLog } from "../session/stores/prisma";
import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { TestSmtpServer, TestWebhookReceiver } from "../../test/support/mail-server";
import type { NotifyConfig } from "./config";
import { smtpSender } from "./deliver";
import { outboxFor } from "./events";
import { claimOutbox, completeOutbox, expandFanout, MAX_ATTEMPTS, outboxData, retryOutbox } from "./outbox";
import { OutboxWorker } from "./worker";

/**
 * The outbox on PostgreSQL with a real SMTP server and a webhook receiver on loopback: what an audit
 * event writes, claims that two workers never share, leases that outlive a dead worker, back-off and
 * giving up, the incident fan-out, and the messages as they arrive.
 */
const SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
let db: Database;
let smtp: TestSmtpServer;
let hooks: TestWebhookReceiver;
let userId: string;
let japaneseId: string;

const config = (overrides: Partial<NotifyConfig> = {}): NotifyConfig => ({
  appUrl: "https://accounts.example.test",
  mail: { transport: "smtp", url: smtp.url, from: "Session Lab <security@example.test>" },
  webhook: { url: hooks.url, secret: SECRET },
  pollMs: 60_000,
  leaseMs: 2_000,
  ...overrides,
});
const audit = () => new PrismaAuditLog(db.prisma, { outbox: (e) => outboxData(outboxFor(e, { email: true, webhook: true })) });
const worker = (name: string, overrides: Partial<NotifyConfig> = {}) =>
  new OutboxWorker({ db: db.prisma, config: config(overrides), send: smtpSender(smtp.url, 2_000), worker: name });
const signIn = (at = Date.now(), newDevice = true) => ({
  type: "session.created" as const,
  userId,
  sessionId: "00000000-0000-4000-8000-000000000001",
  ipPrefix: "203.0.113.0/24",
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0",
  detail: { kind: "browser", newDevice },
  at,
});

beforeAll(async () => {
  db = await openDatabase(await freshDatabase(testDatabaseUrl("session_notify")));
  smtp = await new TestSmtpServer().start();
  hooks = await new TestWebhookReceiver(SECRET).start();
  userId = (await db.prisma.user.create({ data: { email: "owner@example.test", passwordHash: "x" } })).id;
  japaneseId = (await db.prisma.user.create({ data: { email: "tanaka@example.test", passwordHash: "x", language: "ja" } })).id;
});
afterAll(async () => {
  await Promise.all([smtp.close(), hooks.close()]);
  await db.close();
});
beforeEach(async () => {
  await db.prisma.outboxMessage.deleteMany();
  smtp.mails.length = 0;
  hooks.deliveries.length = 0;
  smtp.holdReplies(0);
});

describe("what an audit event writes", () => {
  it("the event and its messages in one transaction: neither without the other (lost or phantom notifications)", async () => {
    await audit().record(signIn());
    expect(await db.prisma.outboxMessage.findMany({ select: { channel: true, topic: true } })).toEqual(
      expect.arrayContaining([
        { channel: "email", topic: "new-sign-in" },
        { channel: "webhook", topic: "session.created" },
      ]),
    );
    const broken = new PrismaAuditLog(db.prisma, {
      outbox: () => [{ channel: "email", topic: "new-sign-in", userId: "not-a-uuid", sessionId: null, payload: {} }],
    });
    const before = await db.prisma.auditEvent.count();
    await expect(broken.record(signIn())).rejects.toThrow();
    expect(await db.prisma.auditEvent.count()).toBe(before);
  });

  it("a repeat sign-in from a known browser writes its webhook and no email", async () => {
    await audit().record(signIn(Date.now(), false));
    expect(await db.prisma.outboxMessage.findMany({ select: { channel: true } })).toEqual([{ channel: "webhook" }]);
  });
});

describe("claims", () => {
  it("two workers claiming at once never take the same row, and together take them all (double delivery)", async () => {
    await db.prisma.outboxMessage.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({ channel: "webhook", topic: "session.created", payload: { i } })),
    });
    const taken: string[] = [];
    const claimAll = async (name: string) => {
      for (;;) {
        const rows = await claimOutbox(db.prisma, name, 30_000, 7);
        if (rows.length === 0) return;
        taken.push(...rows.map((r) => r.id));
      }
    };
    await Promise.all([claimAll("a"), claimAll("b"), claimAll("c")]);
    expect(taken).toHaveLength(60);
    expect(new Set(taken).size).toBe(60);
  });

  it("a worker that dies mid-delivery leaves the row to another once its lease ends, and cannot finish it late", async () => {
    await db.prisma.outboxMessage.create({ data: { channel: "webhook", topic: "session.created" } });
    const [row] = await claimOutbox(db.prisma, "dies", 1_000);
    expect(row).toBeDefined();
    expect(await claimOutbox(db.prisma, "other", 1_000)).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_200));
    const [again] = await claimOutbox(db.prisma, "other", 30_000);
    expect(again?.id).toBe(row!.id);
    expect(again?.attempts).toBe(2);
    expect(await completeOutbox(db.prisma, row!, "dies")).toBe(false);
    expect(await completeOutbox(db.prisma, again!, "other")).toBe(true);
  });

  it("a failed delivery is due again after its back-off, and given up after the last attempt", async () => {
    const { id } = await db.prisma.outboxMessage.create({ data: { channel: "webhook", topic: "session.created" } });
    const [row] = await claimOutbox(db.prisma, "w", 30_000);
    expect(await retryOutbox(db.prisma, row!, "w", "receiver answered 503")).toBe("retry");
    const waiting = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(waiting.availableAt.getTime()).toBeGreaterThan(Date.now() + 4_000);
    expect(waiting.lastError).toBe("receiver answered 503");
    expect(await claimOutbox(db.prisma, "w", 30_000)).toEqual([]);
    await db.prisma.outboxMessage.update({ where: { id }, data: { availableAt: new Date(0), attempts: MAX_ATTEMPTS - 1 } });
    const [last] = await claimOutbox(db.prisma, "w", 30_000);
    expect(await retryOutbox(db.prisma, last!, "w", "still down")).toBe("failed");
    expect((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).failedAt).not.toBeNull();
  });

  it("the incident fan-out writes one email per enabled account, once however often it runs", async () => {
    await audit().record({
      type: "admin.incident-all-sessions-ended",
      userId: null,
      sessionId: null,
      detail: { by: "admin:x" },
      at: Date.now(),
    });
    const [fanout] = await claimOutbox(db.prisma, "w", 30_000);
    expect(fanout?.channel).toBe("fanout");
    const accounts = await db.prisma.user.count({ where: { disabledAt: null } });
    expect(await expandFanout(db.prisma, fanout!)).toBe(accounts);
    expect(await expandFanout(db.prisma, fanout!)).toBe(0);
    expect(await db.prisma.outboxMessage.count({ where: { channel: "email", topic: "sessions-ended-incident" } })).toBe(accounts);
  });
});

describe("delivery", () => {
  it("emails the new sign-in with a working 'This wasn't me' link whose token is kept only as a hash", async () => {
    await audit().record(signIn());
    await worker("w").wake();
    const [mail] = await smtp.waitFor("owner@example.test");
    expect(mail!.subject).toBe("New sign-in to your Session Lab account");
    expect(mail!.text).toContain("Firefox 130 on Windows");
    expect(mail!.text).toContain("203.0.113.0/24");
    expect(mail!.html).toContain('lang="en"');
    const link = mail!.links.find((l) => l.startsWith("https://accounts.example.test/not-me?token="))!;
    const token = new URL(link).searchParams.get("token")!;
    const stored = await db.prisma.accountToken.findMany({ where: { userId, purpose: "not-me" } });
    expect(stored.map((t) => t.tokenHash)).toContain(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(await db.prisma.accountToken.findMany())).not.toContain(token);
    expect(JSON.stringify(await db.prisma.outboxMessage.findMany())).not.toContain(token);
    const sent = await db.prisma.outboxMessage.findFirstOrThrow({ where: { channel: "email" } });
    expect(mail!.messageId).toBe(`<${sent.id}@accounts.example.test>`);
  });

  it("writes to an account in its language", async () => {
    await audit().record({
      type: "account.password-changed",
      userId: japaneseId,
      sessionId: null,
      ipPrefix: "198.51.100.0/24",
      at: Date.now(),
    });
    await worker("w").wake();
    const [mail] = await smtp.waitFor("tanaka@example.test");
    expect(mail!.subject).toBe("Session Lab のパスワードが変更されました");
    expect(mail!.text).toContain("ほかのすべての端末とアプリはログアウトされました");
    expect(mail!.html).toContain('lang="ja"');
  });

  it("signs each webhook so the receiver verifies it, and a tampered one fails (forged events)", async () => {
    await audit().record({
      type: "session.revoked",
      userId,
      sessionId: "00000000-0000-4000-8000-000000000002",
      ipPrefix: "203.0.113.0/24",
      detail: { reason: "admin", by: "admin:00000000-0000-4000-8000-000000000009", kind: "browser" },
      at: Date.now(),
    });
    await worker("w").wake();
    const [hook] = await hooks.waitFor((d) => d.type === "session.revoked");
    expect(hook!.verified).toBe(true);
    expect(hook!.id).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(hook!.data).toMatchObject({
      userId,
      reason: "admin",
      by: "admin:00000000-0000-4000-8000-000000000009",
      ipPrefix: "203.0.113.0/24",
    });
    const { Webhook } = await import("standardwebhooks");
    const tampered = hook!.body.replace('"admin"', '"signed-out"');
    expect(() => new Webhook(SECRET).verify(tampered, hook!.headers)).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 8).toString("base64")}`).verify(hook!.body, hook!.headers)).toThrow();
  });

  it("a receiver that is down gets the event again later, not lost", async () => {
    hooks.failWith = 503;
    try {
      await audit().record(signIn(Date.now(), false));
      await worker("w").wake();
      const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { channel: "webhook" } });
      expect(row.sentAt).toBeNull();
      expect(row.lastError).toBe("the receiver answered 503");
    } finally {
      hooks.failWith = null;
    }
    await db.prisma.outboxMessage.updateMany({ data: { availableAt: new Date(0) } });
    await worker("w").wake();
    expect(await hooks.waitFor((d) => d.type === "session.created" && d.verified)).toHaveLength(1);
  });

  it("a worker that stops mid-delivery leaves the message to another after the lease, which delivers it once", async () => {
    await audit().record({ type: "account.password-changed", userId, sessionId: null, at: Date.now() });
    // a process that stopped while sending: its delivery never finishes (e2e/notifications kills a real one)
    const stopped = new OutboxWorker({
      db: db.prisma,
      config: config({ leaseMs: 1_000 }),
      send: () => new Promise(() => {}),
      worker: "stopped",
    });
    void stopped.wake();
    await new Promise((r) => setTimeout(r, 300));
    await worker("survivor").wake();
    expect(smtp.to("owner@example.test")).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1_000));
    await worker("survivor").wake();
    await smtp.waitFor("owner@example.test", 1, "Your Session Lab password was changed");
    await worker("survivor").wake();
    expect(smtp.to("owner@example.test")).toHaveLength(1);
    expect((await db.prisma.outboxMessage.findFirstOrThrow({ where: { channel: "email" } })).sentAt).not.toBeNull();
  });
});
