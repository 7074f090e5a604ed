import { describe, expect, it } from "vitest";
import { CATEGORIES, COOKIES, cookieDefinition } from "./registry";
import { CONSENT_MESSAGES } from "./messages";

describe("cookie registry", () => {
  it("names each cookie once, in a known category, with a purpose and lifetime in every language", () => {
    expect(new Set(COOKIES.map((c) => c.name)).size).toBe(COOKIES.length);
    for (const c of COOKIES) {
      expect(CATEGORIES).toContain(c.category);
      for (const lang of ["en", "ja"] as const) {
        expect(c.purpose[lang].length).toBeGreaterThan(10);
        expect(c.lifetime[lang]).not.toBe("");
      }
    }
  });

  it("holds the session, the device, consent and every optional cookie the app sets", () => {
    expect(COOKIES.map((c) => [c.name, c.category])).toEqual([
      ["sid", "essential"],
      ["__Host-sid", "essential"],
      ["device", "essential"],
      ["__Host-device", "essential"],
      ["consent", "essential"],
      ["lang", "functional"],
      ["theme", "functional"],
      ["sl_analytics", "analytics"],
      ["sl_mkt", "marketing"],
    ]);
  });

  it("refuses to hand out the definition of a cookie that is not registered", () => {
    expect(() => cookieDefinition("tracking_pixel")).toThrow(/not in the cookie registry/);
  });

  it("has English and Japanese texts for every category", () => {
    for (const lang of ["en", "ja"] as const) {
      for (const category of CATEGORIES) expect(CONSENT_MESSAGES[lang].categories[category].title).not.toBe("");
    }
    expect(Object.keys(CONSENT_MESSAGES.ja).sort()).toEqual(Object.keys(CONSENT_MESSAGES.en).sort());
  });
});
