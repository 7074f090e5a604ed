import type { SessionPolicy } from "./policy";
import type { StoredSession } from "./types";

/**
 * The concurrent-session limit, decided before a new session is added to a user's live ones:
 * allow it, end the least recently used sessions to make room (evict-oldest), or refuse (reject).
 */
export type LimitPlan = { action: "allow" } | { action: "evict"; sessions: StoredSession[] } | { action: "reject" };

export function planSessionLimit(live: StoredSession[], policy: SessionPolicy): LimitPlan {
  const max = policy.maxSessionsPerUser;
  if (max === 0 || live.length < max) return { action: "allow" };
  if (policy.limitPolicy === "reject") return { action: "reject" };
  const leastRecentlyUsed = [...live].sort((a, b) => a.lastSeenAt - b.lastSeenAt);
  return { action: "evict", sessions: leastRecentlyUsed.slice(0, live.length - max + 1) };
}
