import type { Lang } from "./lang";

/**
 * Dates, times, relative times, durations and countdowns as each language writes them, all by
 * `Intl` ("5 minutes ago" / "5 分前", "30 minutes" / "30 分"). Formatters are made once per language.
 */
export interface Formats {
  /** "just now", "5 minutes ago", "in 2 hours" */
  relativeTime(at: number, now: number): string;
  /** the date and time in full, in the given time zone (the browser's when left out) */
  dateTime(at: number, timeZone?: string): string;
  /** "10 minutes", "90 seconds", "1 hour" for policy durations in prose */
  duration(ms: number): string;
  /** m:ss for countdowns */
  clock(ms: number): string;
  /** a whole number with the language's grouping */
  number(n: number): string;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

const DURATION_UNITS: ["day" | "hour" | "minute" | "second", number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

const JUST_NOW: Record<Lang, string> = { en: "just now", ja: "たった今" };

/** ICU writes "30 分" and "5 分前"; Japanese text sets a number against its unit ("30分", "5分前"). */
const tight = (lang: Lang) => (text: string) => (lang === "ja" ? text.replace(/(\d)\s+(?=\D)/gu, "$1") : text);

function build(lang: Lang): Formats {
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const units = new Map(DURATION_UNITS.map(([unit]) => [unit, new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "long" })]));
  const numbers = new Intl.NumberFormat(lang);
  const dateTimes = new Map<string, Intl.DateTimeFormat>();
  const set = tight(lang);
  return {
    relativeTime(at, now) {
      const diff = at - now;
      if (Math.abs(diff) < 45_000) return JUST_NOW[lang];
      for (const [unit, size] of UNITS) {
        if (Math.abs(diff) >= size || unit === "minute") return set(relative.format(Math.round(diff / size), unit));
      }
      return JUST_NOW[lang];
    },
    dateTime(at, timeZone) {
      const key = timeZone ?? "";
      let format = dateTimes.get(key);
      if (!format) {
        format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium", ...(timeZone ? { timeZone } : {}) });
        dateTimes.set(key, format);
      }
      return format.format(at);
    },
    duration(ms) {
      for (const [unit, size] of DURATION_UNITS) {
        if (ms >= size && ms % size === 0) return set(units.get(unit)!.format(ms / size));
      }
      return set(units.get("second")!.format(Math.round(ms / 1000)));
    },
    clock(ms) {
      // no deadline (Infinity) reads as none left, never "Infinity:NaN"
      const s = Number.isFinite(ms) ? Math.max(0, Math.ceil(ms / 1000)) : 0;
      return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    },
    number: (n) => numbers.format(n),
  };
}

const FORMATS: Partial<Record<Lang, Formats>> = {};

export function formatFor(lang: Lang): Formats {
  return (FORMATS[lang] ??= build(lang));
}
