import { describe, expect, it } from "vitest";
import { MigrationMonitor } from "./migration-monitor";

/** The source's rollback triggers, over a recent window (a clock is injected). */
describe("MigrationMonitor", () => {
  const at = (start = 1_000_000) => {
    const clock = { now: start };
    return { clock, monitor: new MigrationMonitor(() => clock.now) };
  };

  it("fires on store errors over 1% of operations, and forgets them after five minutes", () => {
    const { clock, monitor } = at();
    for (let i = 0; i < 199; i++) monitor.operation(true);
    monitor.operation(false);
    expect(monitor.reasons()).toEqual([]); // 1 in 200 is 0.5%
    monitor.operation(false);
    monitor.operation(false);
    expect(monitor.reasons()).toEqual(["store errors: 3 of 202 operations in the last 5 minutes (over 1%)"]);
    clock.now += 5 * 60_000 + 1_000;
    expect(monitor.reasons()).toEqual([]);
  });

  it("fires on a validation p99 over 50 ms once it has enough lookups to say so", () => {
    const { clock, monitor } = at();
    for (let i = 0; i < 60; i++) monitor.validation(400); // a cold start: too few to be a trend
    expect(monitor.reasons()).toEqual([]);
    clock.now += 61_000;
    for (let i = 0; i < 99; i++) monitor.validation(2);
    monitor.validation(49);
    expect(monitor.reasons()).toEqual([]);
    monitor.validation(80);
    monitor.validation(90);
    expect(monitor.reasons()).toEqual(["validation latency: p99 80 ms over the last minute (over 50 ms)"]);
  });

  it("fires on any mismatch", () => {
    const { monitor } = at();
    monitor.mismatch();
    expect(monitor.reasons()).toEqual(["mismatches: 1 between the old store and the target in the last 5 minutes"]);
  });
});
