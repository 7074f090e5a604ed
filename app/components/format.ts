/** Display helpers shared by the account pages (no server or client specifics). */

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "just now", "5 minutes ago", "in 2 hours". */
export function relativeTime(at: number, now: number): string {
  const diff = at - now;
  if (Math.abs(diff) < 45_000) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === "minute") return relative.format(Math.round(diff / size), unit);
  }
  return "just now";
}

/** A network as people can read it: "203.0.113.x" for a /24, the /64 prefix for IPv6. */
export function maskedNetwork(ipPrefix: string): string {
  if (!ipPrefix) return "unknown network";
  const v4 = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(ipPrefix);
  return v4 ? `${v4[1]}.x` : ipPrefix;
}

/** m:ss for countdowns. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** "10 minutes", "90 seconds", "1 hour" for policy durations in prose. */
export function humanDuration(ms: number): string {
  const units: [string, number][] = [
    ["day", 86_400_000],
    ["hour", 3_600_000],
    ["minute", 60_000],
    ["second", 1_000],
  ];
  for (const [name, size] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms / size === 1 ? "" : "s"}`;
  }
  return `${Math.round(ms / 1000)} seconds`;
}
