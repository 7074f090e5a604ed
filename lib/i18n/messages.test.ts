import { describe, expect, it } from "vitest";
import { MESSAGES } from "./index";

/**
 * The message tables beyond what the type check sees: no empty text, no Japanese text left in
 * English, and the same numbers and names in both languages' sentences built from the same values.
 */
type Entry = { path: string; en: unknown; ja: unknown };

function entries(en: unknown, ja: unknown, path = ""): Entry[] {
  if (en && typeof en === "object" && !Array.isArray(en)) {
    const keys = new Set([...Object.keys(en), ...Object.keys((ja ?? {}) as object)]);
    return [...keys].flatMap((k) =>
      entries((en as Record<string, unknown>)[k], (ja as Record<string, unknown> | undefined)?.[k], path ? `${path}.${k}` : k),
    );
  }
  return [{ path, en, ja }];
}

const all = entries(MESSAGES.en, MESSAGES.ja);
// texts that are the same in both languages: names, and what is only a name or a mark
const SAME_IN_BOTH = new Set(["common.siteName"]);
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]/u;
// values a message function is called with in this test: a count, and a name to look for
const SAMPLE = { count: 7, name: "ZZSAMPLE" };

const call = (fn: (...args: unknown[]) => unknown) => {
  const args = Array.from({ length: fn.length }, (_, i) => (i % 2 === 0 ? SAMPLE.count : SAMPLE.name));
  try {
    return String(fn(...args));
  } catch {
    // the function takes an object: give it one whose every field is the sample name
    return String(fn(new Proxy({}, { get: () => SAMPLE.name })));
  }
};

describe("message tables", () => {
  it("has every key in both languages, with the same kind of value", () => {
    for (const { path, en, ja } of all) expect(typeof ja, path).toBe(typeof en);
  });

  it.each(all.filter((e) => typeof e.en === "string").map((e) => [e.path, e] as const))("%s is written in both languages", (path, e) => {
    expect((e.en as string).trim(), `${path} (en)`).not.toBe("");
    expect((e.ja as string).trim(), `${path} (ja)`).not.toBe("");
    if (!SAME_IN_BOTH.has(path) && /[A-Za-z]{2,}/.test(e.en as string)) expect(e.ja as string, `${path} (ja)`).toMatch(JAPANESE);
  });

  it.each(all.filter((e) => typeof e.en === "function").map((e) => [e.path, e] as const))(
    "%s says the same values in both languages",
    (path, e) => {
      const en = call(e.en as (...args: unknown[]) => unknown);
      const ja = call(e.ja as (...args: unknown[]) => unknown);
      expect(ja, `${path} (ja)`).toMatch(JAPANESE);
      for (const value of [String(SAMPLE.count), SAMPLE.name]) {
        expect(ja.split(value).length, `${path}: ${value} in "${en}" / "${ja}"`).toBe(en.split(value).length);
      }
    },
  );
});
