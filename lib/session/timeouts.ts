import type { SessionPolicy } from "./policy";
import type { SessionKind } from "./types";

/** Pure timeout arithmetic shared by the Edge middleware and the server. Times are epoch ms. */
export type ExpiryReason = "idle" | "absolute";

export interface SessionTimes {
  createdAt: number;
  lastSeenAt: number;
  /** browser unless said otherwise (the sealed cookie is always a browser's) */
  kind?: SessionKind;
}

/**
 * Browsers: idle and absolute timeouts. Native apps: no idle timeout but an inactivity bound measured
 * in weeks (no refresh or call for that long), and an absolute bound only when configured.
 */
export const idleExpiresAt = (t: SessionTimes, p: SessionPolicy) =>
  t.lastSeenAt + (t.kind === "mobile" ? p.mobileRefreshIdleMs : p.idleTimeoutMs);
export const absoluteExpiresAt = (t: SessionTimes, p: SessionPolicy) =>
  t.kind === "mobile"
    ? p.mobileRefreshAbsoluteMs > 0
      ? t.createdAt + p.mobileRefreshAbsoluteMs
      : Infinity
    : t.createdAt + p.absoluteTimeoutMs;

/** Absolute first: an idle session past its absolute limit is reported as absolute. */
export function expiryReason(t: SessionTimes, p: SessionPolicy, now: number): ExpiryReason | null {
  if (now >= absoluteExpiresAt(t, p)) return "absolute";
  if (now >= idleExpiresAt(t, p)) return "idle";
  return null;
}

/**
 * How stale a recorded last-seen time may get before it is rewritten: min(60 s, a tenth of the idle
 * timeout). Writing less often saves work; this bound keeps the recorded value within 10% of real
 * activity, so someone active every few seconds is never logged out for idleness.
 */
export const activityRefreshMs = (p: SessionPolicy) => Math.min(60_000, Math.floor(p.idleTimeoutMs / 10));

export const isActivityStale = (lastSeenAt: number, p: SessionPolicy, now: number) => now - lastSeenAt >= activityRefreshMs(p);

export const isRotationDue = (rotatedAt: number, p: SessionPolicy, now: number) => now - rotatedAt >= p.renewalIntervalMs;
