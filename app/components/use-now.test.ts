import { afterEach, describe, expect, it, vi } from "vitest";
import { clockOf } from "./use-now";

/** The shared clock behind countdowns and relative times (useNow). */
describe("the shared clock", () => {
  afterEach(() => vi.useRealTimers());

  it("hands React one subscribe function per interval, so a render never subscribes anew (update loop, React #185)", () => {
    expect(clockOf(1_000).subscribe).toBe(clockOf(1_000).subscribe);
    expect(clockOf(1_000)).not.toBe(clockOf(30_000));
  });

  it("tells no one while subscribing, and ticks for every listener until the last one leaves", () => {
    vi.useFakeTimers();
    const clock = clockOf(500);
    const heard = vi.fn();
    const leave = clock.subscribe(heard);
    expect(heard).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(heard).toHaveBeenCalledTimes(2);
    leave();
    vi.advanceTimersByTime(1_000);
    expect(heard).toHaveBeenCalledTimes(2);
  });
});
