import { describe, expect, it } from "vitest";
import type { Purpose } from "./auth/credentials";
import { metrics, observeValidation, PURPOSES } from "./metrics";

/** A series' value as /api/metrics serves it, or undefined when it is not exported. */
async function served(metric: string, labels: string, family = metric): Promise<number | undefined> {
  const text = await metrics().registry.getSingleMetricAsString(family);
  const line = text.split("\n").find((l) => l.startsWith(`${metric}{${labels}} `));
  return line === undefined ? undefined : Number(line.split(" ")[1]);
}

// every Purpose of lib/auth/credentials.ts is pre-set, and nothing else: the compiler checks both ways
type Missing = Exclude<Purpose, (typeof PURPOSES)[number]>;
type Extra = Exclude<(typeof PURPOSES)[number], Purpose>;
const purposesMatch: [Missing, Extra] extends [never, never] ? true : false = true;

describe("the series the alerts watch (deploy/prometheus)", () => {
  it("the first reuse of a token is an increase Prometheus sees: its series is served at 0 from the start (token theft)", async () => {
    expect(await served("sessions_ended_total", 'kind="browser",reason="token-reuse"')).toBe(0);
    expect(await served("sessions_ended_total", 'kind="mobile",reason="token-reuse"')).toBe(0);
  });

  it("failed and throttled password checks of every purpose are served at 0 from the start (credential stuffing)", async () => {
    expect(purposesMatch).toBe(true);
    for (const purpose of PURPOSES) {
      expect(await served("login_failures_total", `purpose="${purpose}"`)).toBe(0);
      expect(await served("login_throttled_total", `purpose="${purpose}"`)).toBe(0);
    }
  });

  it("no cache layer is pre-set: without Redis no redis series exists, so the cache alert stays silent there", async () => {
    expect(await metrics().registry.getSingleMetricAsString("session_store_reads_total")).not.toMatch(/layer="(redis|memory)"/);
  });

  it("serves http_responses_total, counted by the front server, from the same registry", async () => {
    expect(await served("http_responses_total", 'status_class="5xx"')).toBeGreaterThanOrEqual(0);
  });
});

describe("observeValidation", () => {
  const count = async (kind: string, result: string) =>
    (await served("session_validations_total", `kind="${kind}",result="${result}"`)) ?? 0;
  const timed = async (kind: string) =>
    (await served("session_validation_seconds_count", `kind="${kind}"`, "session_validation_seconds")) ?? 0;

  it('counts a store that could not answer as result="error", times it, and rethrows', async () => {
    const before = { error: await count("mobile", "error"), timed: await timed("mobile") };
    const outage = new Error("connect ECONNREFUSED 127.0.0.1:5432");
    await expect(
      observeValidation("mobile", async () => {
        throw outage;
      }),
    ).rejects.toBe(outage);
    expect(await count("mobile", "error")).toBe(before.error + 1);
    expect(await timed("mobile")).toBe(before.timed + 1);
  });

  it("counts refusals by their reason and successes as ok, never as errors", async () => {
    const before = { error: await count("browser", "error"), reused: await count("browser", "reused"), ok: await count("browser", "ok") };
    await observeValidation("browser", async () => ({ ok: false, reason: "reused" }));
    await observeValidation("browser", async () => ({ ok: true }));
    expect(await count("browser", "reused")).toBe(before.reused + 1);
    expect(await count("browser", "ok")).toBe(before.ok + 1);
    expect(await count("browser", "error")).toBe(before.error);
  });
});
