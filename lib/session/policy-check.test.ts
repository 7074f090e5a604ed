import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { committedPolicyDocument, POLICY_DOC } from "../cli/policy-files";
import { PRESET_NAMES } from "./policy";
import { checkPolicyEnv } from "./policy-check";

const errors = (env: Record<string, string>) => checkPolicyEnv(env).findings.filter((f) => f.level === "error");
const warnings = (env: Record<string, string>) => checkPolicyEnv(env).findings.filter((f) => f.level === "warning");

describe("session policy validator", () => {
  it("passes the default policy with no findings", () => {
    expect(checkPolicyEnv({})).toMatchObject({ ok: true, findings: [] });
  });

  it.each(PRESET_NAMES)("passes the %s preset without errors", (preset) => {
    expect(errors({ SESSION_POLICY_PRESET: preset })).toEqual([]);
  });

  it.each([
    ["a bank preset with idle over 5 minutes", { SESSION_POLICY_PRESET: "bank", SESSION_IDLE_TIMEOUT: "10m" }, "SESSION_IDLE_TIMEOUT"],
    [
      "a bank preset with absolute over 30 minutes",
      { SESSION_POLICY_PRESET: "bank", SESSION_ABSOLUTE_TIMEOUT: "2h" },
      "SESSION_ABSOLUTE_TIMEOUT",
    ],
    [
      "a medical preset with idle over 10 minutes",
      { SESSION_POLICY_PRESET: "medical", SESSION_IDLE_TIMEOUT: "20m" },
      "SESSION_IDLE_TIMEOUT",
    ],
    ["a general app with idle over 30 minutes", { SESSION_IDLE_TIMEOUT: "45m" }, "SESSION_IDLE_TIMEOUT"],
    ["renewal longer than idle", { SESSION_RENEWAL_INTERVAL: "1h", SESSION_IDLE_TIMEOUT: "20m" }, "SESSION_RENEWAL_INTERVAL"],
    ["idle longer than absolute", { SESSION_IDLE_TIMEOUT: "2h", SESSION_ABSOLUTE_TIMEOUT: "1h" }, "SESSION_IDLE_TIMEOUT"],
    ["an unknown preset", { SESSION_POLICY_PRESET: "casino" }, "SESSION_POLICY_PRESET"],
    ["a value that is not a duration", { SESSION_IDLE_TIMEOUT: "soon" }, "SESSION_IDLE_TIMEOUT"],
    ["app access tokens over an hour", { MOBILE_ACCESS_TTL: "2h" }, "MOBILE_ACCESS_TTL"],
  ])("refuses %s, naming the setting", (_, env, setting) => {
    const report = checkPolicyEnv(env);
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.level === "error")?.setting).toBe(setting);
  });

  it.each([
    ["binding off for both signals", { SESSION_BIND_IP: "off", SESSION_BIND_UA: "off" }, "SESSION_BIND_UA"],
    ["no session limit", { SESSION_MAX_PER_USER: "0" }, "SESSION_MAX_PER_USER"],
    ["a long rotation grace", { SESSION_ROTATION_GRACE: "60s" }, "SESSION_ROTATION_GRACE"],
    ["a long elevation", { SESSION_ELEVATION_TTL: "30m" }, "SESSION_ELEVATION_TTL"],
    ["app access tokens over 15 minutes", { MOBILE_ACCESS_TTL: "30m" }, "MOBILE_ACCESS_TTL"],
    ["an absolute timeout over a day", { SESSION_POLICY_PRESET: "b2c" }, "SESSION_ABSOLUTE_TIMEOUT"],
    ["an idle timeout over an hour", { SESSION_POLICY_PRESET: "internal" }, "SESSION_IDLE_TIMEOUT"],
  ])("warns about %s, with a reason", (_, env, setting) => {
    const found = warnings(env).find((f) => f.setting === setting);
    expect(found?.reason.length).toBeGreaterThan(20);
    expect(checkPolicyEnv(env).ok).toBe(true);
  });
});

describe("the policy document", () => {
  it(`${POLICY_DOC} is current (regenerate with npm run session:check -- --write)`, async () => {
    expect(await readFile(POLICY_DOC, "utf8")).toBe(await committedPolicyDocument());
  });
});
