import type { Messages } from "@/lib/i18n";

/**
 * Display helpers shared by the account pages (no server or client specifics). Times, durations and
 * countdowns come from lib/i18n/format.ts: getFormats() on the server, useFormats() in the browser.
 */

/** A network as people can read it: "203.0.113.x" for a /24, the /64 prefix for IPv6. */
export function maskedNetwork(ipPrefix: string, t: Messages): string {
  if (!ipPrefix) return t.account.unknownNetwork;
  const v4 = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(ipPrefix);
  return v4 ? `${v4[1]}.x` : ipPrefix;
}
