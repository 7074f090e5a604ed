import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["8h", 28_800_000],
    ["30d", 2_592_000_000],
    ["500ms", 500],
    ["1.5h", 5_400_000],
    ["45", 45_000], // a plain number is seconds, the unit operators expect in env files
    [" 15 M ", 900_000],
  ])("reads %j as %i ms", (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  // a typo must surface as an error, never silently become some other timeout
  it.each(["", "abc", "-5m", "5w", "m", "1e3", "30 minutes", "5m5s", "0x10"])("rejects %j", (input) => {
    expect(parseDuration(input)).toBeNull();
  });
});

describe("formatDuration", () => {
  it.each([
    [90_000, "90s"],
    [1_800_000, "30m"],
    [28_800_000, "8h"],
    [2_592_000_000, "30d"],
    [1_500, "1500ms"],
  ])("writes %i ms as %j", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("round-trips through parseDuration, so a logged policy can be pasted back into env", () => {
    for (const ms of [500, 1_000, 61_000, 3_600_000, 5_400_000, 7 * 86_400_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});
