import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { problemsOf } from "../test/support/env";
import { parseEnv } from "./env";
import { configurationProblems } from "./server/config-checks";

/** The app's one environment schema (lib/env.ts). */

describe("the environment, parsed once", () => {
  it("reads an empty environment as every default, typed", () => {
    expect(parseEnv({})).toMatchObject({
      DEMO_MODE: false,
      DATABASE_POOL_SIZE: 10,
      SESSION_MEMORY_CACHE_SIZE: 10_000,
      SESSION_MEMORY_CACHE_TTL: 30_000,
      MOBILE_JWT_KEY_ROTATION: 30 * 24 * 3_600_000,
      TRUST_PROXY_HOPS: 0,
      SESSION_COOKIE_SECURE: "auto",
      REDIS_KEY_PREFIX: "sess:",
      PORT: 3000,
    });
  });

  it("takes NAME= (which Next counts as set) and blanks for unset", () => {
    expect(parseEnv({ DATABASE_URL: "", TRUST_PROXY_HOPS: "  ", SESSION_MEMORY_CACHE_TTL: "" })).toMatchObject({
      DATABASE_URL: undefined,
      TRUST_PROXY_HOPS: 0,
      SESSION_MEMORY_CACHE_TTL: 30_000,
    });
  });

  it("accepts every sample value .env.example shows", async () => {
    const example = await readFile(path.join(import.meta.dirname, "..", ".env.example"), "utf8");
    const samples = Object.fromEntries(
      [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]).filter(([, v]) => v !== ""),
    );
    expect(Object.keys(samples).length).toBeGreaterThan(20);
    expect(() => parseEnv({ ...samples, SESSION_SECRET: "x".repeat(40) })).not.toThrow();
  });

  it.each([
    ["TRUST_PROXY_HOPS", "one"], // passed silently once: every client then shared one address
    ["DATABASE_POOL_SIZE", "many"], // became NaN
    ["MOBILE_JWT_KEY_ROTATION", "soon"], // fell back to 30 days without a word
    ["SESSION_MEMORY_CACHE_TTL", "-5s"],
    ["LOG_LEVEL", "loud"],
    ["REDIS_CLUSTER_NODES", "10.0.0.1"],
    ["REDIS_URL", "http://cache:6379"],
    ["DATABASE_URL", "mysql://db/app"],
    ["SESSION_BIND_IP", "sometimes"],
    ["PORT", "80000"],
  ])("stops on %s=%s, naming the variable", (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it("lists every bad variable at once, so one start-up shows all there is to fix", () => {
    expect(problemsOf({ TRUST_PROXY_HOPS: "x", LOG_LEVEL: "loud", SESSION_IDLE_TIMEOUT: "later" })).toEqual([
      expect.stringContaining("SESSION_IDLE_TIMEOUT"),
      expect.stringContaining("LOG_LEVEL"),
      expect.stringContaining("TRUST_PROXY_HOPS"),
    ]);
  });

  it("is what start-up checks first (lib/server/startup.ts)", () => {
    expect(configurationProblems({ DATABASE_POOL_SIZE: "many" }, { production: false, frontServer: true })).toEqual([
      expect.stringContaining("DATABASE_POOL_SIZE"),
    ]);
  });
});
