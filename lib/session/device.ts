import { UAParser } from "ua-parser-js";

/**
 * Reading User-Agent strings (ua-parser-js): a readable device name for the devices page, and the
 * browser family a session is bound to. Parsing costs tens of microseconds, and the same few strings
 * come back on every request, so results are memoised in a small bounded map.
 */
interface Parsed {
  browser: string;
  major: string;
  os: string;
  device: string;
  model: string;
}

const MEMO_LIMIT = 2_000;
const memo = new Map<string, Parsed>();

function parse(userAgent: string): Parsed {
  let parsed = memo.get(userAgent);
  if (!parsed) {
    const r = UAParser(userAgent);
    parsed = {
      browser: r.browser.name ?? "",
      major: r.browser.major ?? "",
      os: r.os.name ?? "",
      device: r.device.type ?? "desktop",
      model: r.device.model ?? "",
    };
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(userAgent, parsed);
  }
  return parsed;
}

/** "Firefox 130 on Windows", "Mobile Safari on iPhone", or a fallback when the string says nothing. */
export function describeDevice(userAgent: string): string {
  const { browser, major, os, model } = parse(userAgent);
  const where = model && model !== os ? model : os;
  if (!browser) return where ? `Unknown browser on ${where}` : "Unknown device";
  const name = browser.replace(/^Chrome Headless$/, "Headless Chrome");
  const withVersion = major && !/Safari/.test(name) ? `${name} ${major}` : name;
  return where ? `${withVersion} on ${where}` : withVersion;
}

/**
 * What a session is bound to: browser, operating system and device class, without versions
 * (browsers update themselves, and a new version is not a new device). An unreadable string is
 * compared as itself.
 */
export function browserFamily(userAgent: string): string {
  const { browser, os, device } = parse(userAgent);
  return browser || os ? `${browser || "?"}|${os || "?"}|${device}` : `raw:${userAgent.slice(0, 200)}`;
}
