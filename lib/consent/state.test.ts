import { describe, expect, it } from "vitest";
import { CONSENT_REVISION, COOKIES } from "./registry";
import {
  ALL_CHOICES,
  allowedCategories,
  consentStatus,
  cookiesWithoutConsent,
  encodeConsentCookie,
  NO_CHOICES,
  parseConsentCookie,
  unconsentedCookies,
  type ConsentState,
} from "./state";

const state = (over: Partial<ConsentState> = {}): ConsentState => ({
  id: "6f1c1f8e-3c5c-4f0e-9a57-0d5a4f1f3b21",
  revision: CONSENT_REVISION,
  decidedAt: 1_780_000_000_000,
  choices: { functional: true, analytics: false, marketing: true },
  gpc: false,
  ...over,
});
const b64 = (json: unknown) => "v1." + Buffer.from(JSON.stringify(json)).toString("base64url");

describe("consent cookie", () => {
  it("round-trips a decision", () => {
    expect(parseConsentCookie(encodeConsentCookie(state()))).toEqual(state());
    expect(parseConsentCookie(encodeConsentCookie(state({ gpc: true })))?.gpc).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["no version prefix", Buffer.from("{}").toString("base64url")],
    ["another version", "v2." + encodeConsentCookie(state()).slice(3)],
    ["not base64url", "v1.%%%"],
    ["not JSON", "v1." + Buffer.from("{nope").toString("base64url")],
    ["not UTF-8", "v1." + Buffer.from([0xff, 0xfe, 0x7b]).toString("base64url")],
    ["JSON null", b64(null)],
    ["an array", b64([1, 2])],
    ["missing a choice", b64({ id: state().id, rev: 1, at: 1, f: true, a: true })],
    ["a choice of the wrong type", b64({ id: state().id, rev: 1, at: 1, f: "yes", a: true, m: true })],
    ["an id that is not a uuid", b64({ id: "x", rev: 1, at: 1, f: true, a: true, m: true })],
    ["a negative revision", b64({ id: state().id, rev: -1, at: 1, f: true, a: true, m: true })],
    ["oversized", "v1." + "A".repeat(600)],
  ])("a malformed cookie (%s) is no decision, never an error", (_, raw) => {
    expect(parseConsentCookie(raw)).toBeNull();
    expect(consentStatus(raw).status).toBe("undecided");
    expect(allowedCategories(consentStatus(raw), false)).toEqual({ essential: true, ...NO_CHOICES });
  });

  it("a decision for an older revision asks again and allows nothing optional", () => {
    const raw = encodeConsentCookie(state({ revision: CONSENT_REVISION, choices: ALL_CHOICES }));
    const status = consentStatus(raw, CONSENT_REVISION + 1);
    expect(status.status).toBe("outdated");
    expect(allowedCategories(status, false)).toEqual({ essential: true, ...NO_CHOICES });
  });
});

describe("what a request may run", () => {
  const decided = consentStatus(encodeConsentCookie(state({ choices: ALL_CHOICES })));

  it("follows the decision", () => {
    expect(allowedCategories(decided, false)).toEqual({ essential: true, functional: true, analytics: true, marketing: true });
  });

  it("Global Privacy Control turns analytics and marketing off whatever the cookie says", () => {
    expect(allowedCategories(decided, true)).toEqual({ essential: true, functional: true, analytics: false, marketing: false });
  });

  it("lists the registered cookies to delete for categories without consent, never essential ones", () => {
    const allowed = allowedCategories(
      consentStatus(encodeConsentCookie(state({ choices: { functional: true, analytics: false, marketing: false } }))),
      false,
    );
    const present = COOKIES.map((c) => c.name).concat("someone-elses-cookie");
    expect(cookiesWithoutConsent(present, allowed).sort()).toEqual(["sl_analytics", "sl_mkt"]);
  });

  it("finds unconsented cookies in a request, and skips parsing when there are no optional ones", () => {
    const headers = new Headers();
    expect(unconsentedCookies(["sid", "consent"], "garbage", headers)).toEqual([]);
    expect(unconsentedCookies(["sid", "lang", "sl_mkt"], undefined, headers).sort()).toEqual(["lang", "sl_mkt"]);
    const raw = encodeConsentCookie(state({ choices: ALL_CHOICES }));
    expect(unconsentedCookies(["lang", "sl_mkt"], raw, headers)).toEqual([]);
    expect(unconsentedCookies(["lang", "sl_mkt"], raw, new Headers({ "sec-gpc": "1" }))).toEqual(["sl_mkt"]);
  });
});
