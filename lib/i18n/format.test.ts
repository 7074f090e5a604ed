import { describe, expect, it } from "vitest";
import { formatFor } from "./format";

const MINUTE = 60_000;

describe("formats per language", () => {
  it.each([
    ["en", -5 * MINUTE, "5 minutes ago"],
    ["ja", -5 * MINUTE, "5分前"],
    ["en", 2 * 60 * MINUTE, "in 2 hours"],
    ["ja", 2 * 60 * MINUTE, "2時間後"],
    ["en", -10_000, "just now"],
    ["ja", -10_000, "たった今"],
  ] as const)("relative time in %s, %d ms → %s", (lang, diff, text) => {
    const now = Date.UTC(2026, 11, 3, 12);
    expect(formatFor(lang).relativeTime(now + diff, now)).toBe(text);
  });

  it.each([
    ["en", 30 * MINUTE, "30 minutes"],
    ["ja", 30 * MINUTE, "30分"],
    ["en", 60 * MINUTE, "1 hour"],
    ["ja", 60 * MINUTE, "1時間"],
    ["en", 90_000, "90 seconds"],
    ["ja", 1_000, "1秒"],
    ["en", 86_400_000, "1 day"],
  ] as const)("duration in %s, %d ms → %s", (lang, ms, text) => {
    expect(formatFor(lang).duration(ms)).toBe(text);
  });

  it("writes countdowns as m:ss and dates in the language", () => {
    expect(formatFor("ja").clock(61_000)).toBe("1:01");
    const at = Date.UTC(2026, 11, 3, 3, 4, 5);
    expect(formatFor("ja").dateTime(at, "Asia/Tokyo")).toBe("2026/12/03 12:04:05");
    expect(formatFor("en").dateTime(at, "UTC")).toBe("Dec 3, 2026, 3:04:05 AM");
  });
});
