import { describe, expect, it } from "vitest";
import { loadPolicy, PolicyError, PRESET_NAMES, PRESETS } from "./policy";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Runs loadPolicy and returns the PolicyError it throws, failing the test if it does not throw one. */
function policyError(env: Record<string, string | undefined>): PolicyError {
  try {
    loadPolicy(env);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  }
  throw new Error(`loadPolicy accepted ${JSON.stringify(env)}`);
}

describe("loadPolicy presets", () => {
  it("defaults to the general web preset: idle 30m, absolute 8h, renewal 15m", () => {
    const p = loadPolicy({});
    expect(p).toMatchObject({ preset: "general", idleTimeoutMs: 30 * MIN, absoluteTimeoutMs: 8 * HOUR, renewalIntervalMs: 15 * MIN });
    expect(loadPolicy({ SESSION_POLICY_PRESET: "  " }).preset).toBe("general");
  });

  it("selects a stricter preset by name", () => {
    expect(loadPolicy({ SESSION_POLICY_PRESET: "bank" })).toMatchObject({
      preset: "bank",
      idleTimeoutMs: 5 * MIN,
      absoluteTimeoutMs: 30 * MIN,
    });
  });

  it("every preset passes its own validation (idle and renewal within absolute)", () => {
    for (const name of PRESET_NAMES) {
      expect(loadPolicy({ SESSION_POLICY_PRESET: name })).toEqual({ preset: name, ...PRESETS[name] });
    }
  });

  it("refuses an unknown preset instead of falling back to a weaker default", () => {
    expect(policyError({ SESSION_POLICY_PRESET: "lenient" }).message).toContain("SESSION_POLICY_PRESET");
  });
});

describe("loadPolicy env overrides", () => {
  it("applies each override on top of the preset", () => {
    const p = loadPolicy({
      SESSION_POLICY_PRESET: "general",
      SESSION_IDLE_TIMEOUT: "20m",
      SESSION_ABSOLUTE_TIMEOUT: "4h",
      SESSION_RENEWAL_INTERVAL: "600",
      SESSION_ROTATION_GRACE: "5s",
      SESSION_ELEVATION_TTL: "2m",
    });
    expect(p).toEqual({
      ...PRESETS.general,
      preset: "general",
      idleTimeoutMs: 20 * MIN,
      absoluteTimeoutMs: 4 * HOUR,
      renewalIntervalMs: 10 * MIN,
      rotationGraceMs: 5_000,
      elevationTtlMs: 2 * MIN,
    });
  });

  it("leaves other fields at the preset value when one is overridden", () => {
    const p = loadPolicy({ SESSION_POLICY_PRESET: "bank", SESSION_IDLE_TIMEOUT: "3m" });
    expect(p).toEqual({ ...PRESETS.bank, preset: "bank", idleTimeoutMs: 3 * MIN });
  });

  it("ignores empty values (an unset variable in a .env template)", () => {
    expect(loadPolicy({ SESSION_IDLE_TIMEOUT: "", SESSION_ABSOLUTE_TIMEOUT: " " })).toEqual({ preset: "general", ...PRESETS.general });
  });

  it.each([
    ["SESSION_IDLE_TIMEOUT", "thirty minutes"],
    ["SESSION_ABSOLUTE_TIMEOUT", "8 hours"],
    ["SESSION_RENEWAL_INTERVAL", "-1"],
    ["SESSION_ELEVATION_TTL", "0"],
  ])("a bad %s is refused with an error naming the variable", (key, value) => {
    const error = policyError({ [key]: value });
    expect(error.message).toContain(key);
    expect(error.message).toContain(value);
  });

  it("refuses an idle timeout longer than the absolute timeout", () => {
    const error = policyError({ SESSION_IDLE_TIMEOUT: "9h" });
    expect(error.message).toContain("SESSION_IDLE_TIMEOUT");
    expect(error.message).toContain("SESSION_ABSOLUTE_TIMEOUT");
    expect(loadPolicy({ SESSION_IDLE_TIMEOUT: "8h" }).idleTimeoutMs).toBe(8 * HOUR); // equal is allowed
  });

  it("refuses a renewal interval longer than the absolute timeout (the token would never rotate)", () => {
    expect(policyError({ SESSION_RENEWAL_INTERVAL: "9h" }).message).toContain("SESSION_RENEWAL_INTERVAL");
  });

  it("bounds the rotation grace window: too short breaks parallel tabs, too long keeps stolen tokens alive", () => {
    expect(policyError({ SESSION_ROTATION_GRACE: "500ms" }).message).toContain("SESSION_ROTATION_GRACE");
    expect(policyError({ SESSION_ROTATION_GRACE: "3m" }).message).toContain("SESSION_ROTATION_GRACE");
    expect(loadPolicy({ SESSION_ROTATION_GRACE: "2m" }).rotationGraceMs).toBe(120_000);
  });
});

describe("loadPolicy binding, limits and the idle warning", () => {
  it("defaults to logging network changes, asking for the password on a browser change, and 5 sessions evicting the oldest", () => {
    expect(loadPolicy({})).toMatchObject({
      bindIp: "log",
      bindUserAgent: "step-up",
      maxSessionsPerUser: 5,
      limitPolicy: "evict-oldest",
      idleWarningMs: 2 * MIN,
    });
  });

  it("binds harder where a hijacked session costs most", () => {
    expect(loadPolicy({ SESSION_POLICY_PRESET: "bank" })).toMatchObject({ bindIp: "step-up", bindUserAgent: "revoke" });
  });

  it("reads each setting from its variable", () => {
    const p = loadPolicy({
      SESSION_BIND_IP: "revoke",
      SESSION_BIND_UA: "off",
      SESSION_MAX_PER_USER: "2",
      SESSION_LIMIT_POLICY: "reject",
      SESSION_IDLE_WARNING: "90s",
    });
    expect(p).toMatchObject({
      bindIp: "revoke",
      bindUserAgent: "off",
      maxSessionsPerUser: 2,
      limitPolicy: "reject",
      idleWarningMs: 90_000,
    });
  });

  it.each([
    ["SESSION_BIND_IP", "strict"],
    ["SESSION_BIND_UA", "yes"],
    ["SESSION_MAX_PER_USER", "five"],
    ["SESSION_MAX_PER_USER", "-1"],
    ["SESSION_LIMIT_POLICY", "evict-newest"],
  ])("a bad %s=%s is refused with an error naming the variable", (key, value) => {
    const error = policyError({ [key]: value });
    expect(error.message).toContain(key);
    expect(error.message).toContain(value);
  });

  it("warns half-way through a short idle timeout by default, but refuses a warning set longer than the timeout", () => {
    expect(loadPolicy({ SESSION_IDLE_TIMEOUT: "90s" }).idleWarningMs).toBe(45_000);
    expect(policyError({ SESSION_IDLE_TIMEOUT: "90s", SESSION_IDLE_WARNING: "2m" }).message).toContain("SESSION_IDLE_WARNING");
  });
});
