/**
 * The languages of the app and how one is picked for a request: the `lang` cookie (kept only with
 * functional consent), else the tab's own choice (sent by the page as `x-tab-lang`, see
 * app/components/tab-language.ts), else the browser's Accept-Language, else English. No `node:`
 * imports: the Edge middleware uses it too.
 */
export const LANGS = ["en", "ja"] as const;
export type Lang = (typeof LANGS)[number];

/** The header a tab sends its own language choice in when no cookie may keep it. */
export const TAB_LANG_HEADER = "x-tab-lang";

export const isLang = (v: unknown): v is Lang => (LANGS as readonly unknown[]).includes(v);

/** Each language named in itself, for the language switch. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: "English", ja: "日本語" };

/** The first supported language in Accept-Language order (q-values respected), English otherwise. */
export function negotiateLang(acceptLanguage: string | null | undefined): Lang {
  const ranked = (acceptLanguage ?? "")
    .slice(0, 512)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split("-")[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && Number.isFinite(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.lang).find(isLang) ?? "en";
}

/** The language of a request: cookie (with functional consent), then the tab's choice, then Accept-Language. */
export function requestLang(input: {
  functionalAllowed: boolean;
  langCookie?: string | null;
  tabLang?: string | null;
  acceptLanguage?: string | null;
}): Lang {
  if (input.functionalAllowed && isLang(input.langCookie)) return input.langCookie;
  if (isLang(input.tabLang)) return input.tabLang;
  return negotiateLang(input.acceptLanguage);
}
