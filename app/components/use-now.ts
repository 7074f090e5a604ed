"use client";

import { useSyncExternalStore } from "react";

/**
 * The browser's clock as React state, ticking every `intervalMs`, shared by every component that
 * asks for the same interval. On the server and while hydrating it is null, so the first render
 * matches the HTML; the first tick after mounting brings the real time.
 */
interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setInterval>;
  /** one function per interval: React subscribes again whenever it is handed a new one */
  subscribe: (listener: () => void) => () => void;
}

const clocks = new Map<number, Clock>();

export function clockOf(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (clock) return clock;
  const tick = () => {
    created.now = Date.now();
    for (const l of created.listeners) l();
  };
  const created: Clock = {
    now: Date.now(),
    listeners: new Set(),
    subscribe(listener) {
      created.listeners.add(listener);
      // a clock that was stopped reads the time afresh, without telling anyone yet: React reads the
      // snapshot again after subscribing and renders once more if it moved (telling listeners from
      // inside a subscription, with a new subscription every render, never settled: React #185)
      if (!created.timer) {
        created.now = Date.now();
        created.timer = setInterval(tick, intervalMs);
      }
      return () => {
        created.listeners.delete(listener);
        if (created.listeners.size === 0) {
          clearInterval(created.timer);
          created.timer = undefined;
        }
      };
    },
  };
  clocks.set(intervalMs, (clock = created));
  return clock;
}

export function useNow(intervalMs: number): number | null {
  const clock = clockOf(intervalMs);
  return useSyncExternalStore(
    clock.subscribe,
    () => clock.now,
    () => null,
  );
}
