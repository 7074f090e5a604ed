import { isLang, type Lang } from "@/lib/i18n/lang";
import { isTheme, type Theme } from "@/lib/consent/preferences";

/**
 * Without functional consent a language or theme choice lasts for the tab only: it is kept in
 * sessionStorage, which belongs to one tab, and never in a cookie.
 */
const TAB_PREFERENCES = "session-lab:preferences";
export type TabPreferences = { lang?: Lang; theme?: Theme };
export const NO_TAB_PREFERENCES: TabPreferences = {};

export function keepForTab(prefs: { lang: Lang; theme: Theme }) {
  try {
    sessionStorage.setItem(TAB_PREFERENCES, JSON.stringify(prefs));
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

// parsed once per stored value: React reads this as an external store on every render
let parsedFrom: string | null = null;
let parsed: TabPreferences = NO_TAB_PREFERENCES;

export function readTabPreferences(): TabPreferences {
  let raw: string | null = null;
  try {
    raw = sessionStorage.getItem(TAB_PREFERENCES);
  } catch {
    return NO_TAB_PREFERENCES;
  }
  if (raw === parsedFrom) return parsed;
  parsedFrom = raw;
  try {
    const value: unknown = JSON.parse(raw ?? "{}");
    const { lang, theme } = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    parsed = { lang: isLang(lang) ? lang : undefined, theme: isTheme(theme) ? theme : undefined };
  } catch {
    parsed = NO_TAB_PREFERENCES;
  }
  return parsed;
}
