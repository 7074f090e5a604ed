import { describe, expect, it } from "vitest";
import { consentModeScript, consentModeSignals } from "./google-consent-mode";
import { negotiateLang, resolvePreferences } from "./preferences";

describe("language and theme", () => {
  it.each([
    [null, "en"],
    ["", "en"],
    ["ja", "ja"],
    ["ja-JP,ja;q=0.9,en;q=0.8", "ja"],
    ["en-US,en;q=0.9,ja;q=0.8", "en"],
    ["fr-FR,ja;q=0.5", "ja"],
    ["en;q=0.1,ja;q=0.9", "ja"],
    ["ja;q=0", "en"],
    ["de, fr", "en"],
  ])("Accept-Language %j → %s", (header, lang) => {
    expect(negotiateLang(header)).toBe(lang);
  });

  it("uses the lang and theme cookies only with functional consent", () => {
    const cookies = { langCookie: "ja", themeCookie: "dark", acceptLanguage: "en" };
    expect(resolvePreferences({ functionalAllowed: true, ...cookies })).toEqual({ lang: "ja", theme: "dark", remembered: true });
    expect(resolvePreferences({ functionalAllowed: false, ...cookies })).toEqual({ lang: "en", theme: "light", remembered: false });
  });

  it("ignores preference cookies with values it does not know", () => {
    expect(resolvePreferences({ functionalAllowed: true, langCookie: "xx", themeCookie: "<script>", acceptLanguage: "ja" })).toMatchObject({
      lang: "ja",
      theme: "light",
    });
  });
});

describe("Google Consent Mode v2 hook", () => {
  it("emits consent default, all denied, before anything else, and no update without a decision", () => {
    const script = consentModeScript(null);
    expect(script).toMatch(/gtag\("consent","default",\{[^}]*"analytics_storage":"denied"/);
    expect(script).toContain('"ad_user_data":"denied"');
    expect(script).not.toContain('"update"');
  });

  it("emits consent update from the visitor's choices", () => {
    const script = consentModeScript({ essential: true, functional: true, analytics: true, marketing: false });
    expect(script.indexOf('"default"')).toBeLessThan(script.indexOf('"update"'));
    expect(consentModeSignals({ essential: true, functional: false, analytics: true, marketing: false })).toMatchObject({
      analytics_storage: "granted",
      ad_storage: "denied",
      ad_personalization: "denied",
      functionality_storage: "denied",
      security_storage: "granted",
    });
  });
});
