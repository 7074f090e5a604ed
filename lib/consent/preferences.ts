import { requestLang, type Lang } from "../i18n/lang";

/**
 * Functional preferences: language and colour theme. They are kept in the `lang` and `theme` cookies
 * only with functional consent; without it the browser keeps them for the tab (sessionStorage), and
 * the tab tells the server its language in the x-tab-lang header (app/components/tab-language.ts).
 */
export { LANGS, isLang, negotiateLang } from "../i18n/lang";
export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const isTheme = (v: unknown): v is Theme => (THEMES as readonly unknown[]).includes(v);

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
  /** the tab's own choice (x-tab-lang), when no cookie may keep one */
  tabLang?: string | null;
  acceptLanguage?: string | null;
}): Preferences {
  const { functionalAllowed: remembered } = input;
  return {
    lang: requestLang(input),
    theme: remembered && isTheme(input.themeCookie) ? input.themeCookie : "light",
    remembered,
  };
}
