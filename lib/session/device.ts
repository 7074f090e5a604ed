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

/** The words a device name is put in, in one language (the pages' own: lib/i18n/messages/account.ts). */
export interface DeviceWords {
  /** "Firefox 130 on Windows" */
  on: (browser: string, where: string) => string;
  /** "Unknown browser on Windows" */
  unknownBrowserOn: (where: string) => string;
  unknownDevice: string;
}

/**
 * The English a browser session's name is stored in at sign-in (`deviceLabel`). Kept apart from the
 * pages' texts on purpose: deviceName() recognises a stored name by making it again with these.
 */
const STORED: DeviceWords = {
  on: (browser, where) => `${browser} on ${where}`,
  unknownBrowserOn: (where) => `Unknown browser on ${where}`,
  unknownDevice: "Unknown device",
};

/** "Firefox 130 on Windows", "Mobile Safari on iPhone", or a fallback when the string says nothing. */
export function describeDevice(userAgent: string, words: DeviceWords = STORED): string {
  const { browser, major, os, model } = parse(userAgent);
  const where = model && model !== os ? model : os;
  if (!browser) return where ? words.unknownBrowserOn(where) : words.unknownDevice;
  const name = browser.replace(/^Chrome Headless$/, "Headless Chrome");
  const withVersion = major && !/Safari/.test(name) ? `${name} ${major}` : name;
  return where ? words.on(withVersion, where) : withVersion;
}

/**
 * A session's device as the reader's language says it: the name stored with the session, unless it
 * is the English one made from the session's own User-Agent at sign-in, which is made again in
 * `words`. A name an app gave itself is shown as given.
 */
export function deviceName(label: string, userAgent: string, words: DeviceWords): string {
  return !label || label === describeDevice(userAgent) ? describeDevice(userAgent, words) : label;
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
