import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-redirect";

describe("safeNextPath (open redirect after sign-in)", () => {
  it.each([
    "//evil.example",
    "https://evil.example",
    "http:/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/.//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/\tevil",
    " /account",
    "",
    "account",
  ])("refuses %j and falls back to the account page", (next) => {
    expect(safeNextPath(next)).toBe("/account");
  });

  it("refuses values that are not strings or are absurdly long", () => {
    expect(safeNextPath(undefined)).toBe("/account");
    expect(safeNextPath(["/account/devices"])).toBe("/account");
    expect(safeNextPath(`/${"a".repeat(3000)}`)).toBe("/account");
  });

  it("never sends a signed-in user back to the sign-in page", () => {
    expect(safeNextPath("/login?next=/account")).toBe("/account");
  });

  it.each([
    ["/account", "/account"],
    ["/account?from=mail#devices", "/account?from=mail#devices"],
    ["/account/../account/devices", "/account/devices"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"], // a single path segment, not a host
  ])("keeps the same-site path %j", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});
