import type { Lang } from "./registry";

/**
 * Functional preferences: language and colour theme. They are kept in the `lang` and `theme` cookies
 * only with functional consent; without it the browser keeps them for the tab (sessionStorage).
 */
export const LANGS = ["en", "ja"] as const satisfies readonly Lang[];
export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const isLang = (v: unknown): v is Lang => (LANGS as readonly unknown[]).includes(v);
export const isTheme = (v: unknown): v is Theme => (THEMES as readonly unknown[]).includes(v);

/** The first supported language in Accept-Language order (q-values respected), English otherwise. */
export function negotiateLang(acceptLanguage: string | null | undefined): Lang {
  const ranked = (acceptLanguage ?? "")
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

export interface Preferences {
  lang: Lang;
  theme: Theme;
  /** kept in cookies (functional consent); otherwise the browser keeps them for the tab only */
  remembered: boolean;
}

export function resolvePreferences(input: {
  functionalAllowed: boolean;
  langCookie?: string;
  themeCookie?: string;
  acceptLanguage?: string | null;
}): Preferences {
  const { functionalAllowed: remembered } = input;
  return {
    lang: remembered && isLang(input.langCookie) ? input.langCookie : negotiateLang(input.acceptLanguage),
    theme: remembered && isTheme(input.themeCookie) ? input.themeCookie : "light",
    remembered,
  };
}
