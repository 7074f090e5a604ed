import { LRUCache } from "lru-cache";
import { internalCallKey } from "./config";
import { internalOrigin } from "./transport";
import type { LoginReason } from "./reasons";

/**
 * Calls from the Edge middleware to the Node side, which alone can reach the store (edge-safe).
 * They go to the address the app server is bound to, carry the request's cookie and a key derived
 * from the sealing secret, and never make a request fail: if the Node side cannot be reached the
 * request goes on (the server still validates it). A failed call backs off *for that session*
 * (10 s, doubling to 5 minutes), so a broken Node side does not cost its requests a timeout each,
 * and one session whose calls fail (a crafted cookie, a row the store chokes on) pauses nobody
 * else's rotation. A call that may have been carried out without its answer arriving (a timeout,
 * a 5xx) is asked again by the session's next requests inside the rotation grace window: the Node
 * side answers the replaced token with the same successor, and without that the browser would
 * present the replaced token after the window, which reads as theft. A session overdue by more
 * than its renewal interval is rotated by the server itself (lib/auth/session.ts).
 */
export const ROTATE_PATH = "/api/session/rotate";
export const EXPIRE_PATH = "/api/session/expire";
export const ADOPT_PATH = "/api/session/adopt";
export const INTERNAL_KEY_HEADER = "x-session-internal-key";
/**
 * The browser request's client address, on an internal call: the call itself comes from this
 * server's own loopback address, so the front server's X-Forwarded-For names that instead. Read
 * only by the internal routes, after the key check (lib/auth/internal-call.ts).
 */
export const INTERNAL_CLIENT_HEADER = "x-session-client-address";

const TIMEOUT_MS = 3_000;
const FIRST_PAUSE_MS = 10_000;
const LONGEST_PAUSE_MS = 5 * 60_000;
/** per session (keyed by its token; memory only, never logged), the calls' back-off */
const backoff = new LRUCache<string, { until: number; failures: number; askAgainUntil: number }>({ max: 10_000 });
let lastLoggedAt = 0;

/** Whether calls for this session are backing off after failures (the rotation is then skipped). */
export function isBackingOff(sessionKey: string, now = Date.now()): boolean {
  const state = backoff.get(sessionKey);
  return state !== undefined && state.until > now && state.askAgainUntil <= now;
}

/** The call may have been carried out (it timed out, or the Node side failed while answering). */
const mayHaveHappened = (error: unknown) => (error as Error)?.name === "TimeoutError" || (error as Error)?.name === "ServerError";

async function post(path: string, request: Request, sessionKey: string, graceMs: number): Promise<Response | null> {
  if (isBackingOff(sessionKey)) return null;
  try {
    const response = await fetch(new URL(path, internalOrigin()), {
      method: "POST",
      headers: {
        cookie: request.headers.get("cookie") ?? "",
        "x-forwarded-proto": request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", ""),
        // the browser's own, so the Node side checks binding against the real request, not this call
        "user-agent": request.headers.get("user-agent") ?? "",
        [INTERNAL_CLIENT_HEADER]: request.headers.get("x-forwarded-for") ?? "",
        [INTERNAL_KEY_HEADER]: await internalCallKey(),
      },
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status >= 500) throw Object.assign(new Error(`${path} answered ${response.status}`), { name: "ServerError" });
    backoff.delete(sessionKey);
    return response;
  } catch (error) {
    const before = backoff.get(sessionKey);
    const failures = (before?.failures ?? 0) + 1;
    const now = Date.now();
    backoff.set(sessionKey, {
      failures,
      until: now + Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (failures - 1)),
      // only the first failure of a streak opens the window, so a hung Node side still backs off
      askAgainUntil: before ? before.askAgainUntil : mayHaveHappened(error) ? now + graceMs : 0,
    });
    // the operator hears of it at most every 10 s, not once per session or request
    if (Date.now() - lastLoggedAt >= FIRST_PAUSE_MS) {
      lastLoggedAt = Date.now();
      console.error(`[middleware] ${path} unavailable:`, (error as Error).message);
    }
    return null;
  }
}

export type RotationResult =
  | { status: "rotated"; seal: string }
  /** another request presenting the same token rotated it first: its response carries the new cookie */
  | { status: "superseded" }
  | { status: "refused"; reason: LoginReason }
  /** not due by the store's clock: the token stays */
  | { status: "kept" }
  /** the Node side could not be reached, or calls for this session are backing off: the token stays */
  | { status: "skipped" };

/** `sessionKey`: the session's token, which keys its back-off; `graceMs`: the rotation grace window. */
export async function rotateThroughServer(request: Request, sessionKey: string, graceMs: number): Promise<RotationResult> {
  const response = await post(ROTATE_PATH, request, sessionKey, graceMs);
  if (!response?.ok) return { status: response ? "kept" : "skipped" };
  const body = (await response.json().catch(() => ({}))) as { status?: string; seal?: string; reason?: LoginReason };
  if (body.status === "rotated" && body.seal) return { status: "rotated", seal: body.seal };
  if (body.status === "superseded") return { status: "superseded" };
  if (body.status === "refused") return { status: "refused", reason: body.reason ?? "revoked" };
  return { status: "kept" };
}

/** A seal found expired at the Edge: have the store end the session too (audit, device list). */
export async function endExpiredThroughServer(request: Request, sessionKey: string): Promise<void> {
  await post(EXPIRE_PATH, request, sessionKey, 0);
}

export type AdoptionCall =
  | { status: "adopted"; seal: string; clear: string[] }
  /** a user served from the foreign session, read-only (outside MIGRATE_FROM_PERCENT) */
  | { status: "foreign" }
  /** no usable foreign session: signed out, its cookies cleared */
  | { status: "none"; clear: string[] }
  /** the Node side could not be reached: the request goes on, and the server reads the foreign session itself */
  | { status: "skipped" };

/**
 * A request with another system's session and none of ours (lib/adoption): have the Node side adopt
 * it. `backoffKey`: a digest of the foreign cookies (memory only, never logged), as a session's
 * token is for rotations.
 */
export async function adoptThroughServer(
  request: Request,
  foreignCookies: string[],
  backoffKey: string,
  graceMs: number,
): Promise<AdoptionCall> {
  // a call that timed out may have adopted: inside the grace window the same session is answered again
  const response = await post(ADOPT_PATH, request, backoffKey, graceMs);
  if (!response?.ok) return { status: "skipped" };
  const body = (await response.json().catch(() => ({}))) as { status?: string; seal?: string; clear?: unknown };
  const clear = Array.isArray(body.clear) ? body.clear.filter((c): c is string => typeof c === "string" && foreignCookies.includes(c)) : [];
  if (body.status === "adopted" && body.seal) return { status: "adopted", seal: body.seal, clear };
  if (body.status === "foreign") return { status: "foreign" };
  if (body.status === "none") return { status: "none", clear };
  return { status: "skipped" };
}

/**
 * Request header by which the middleware tells the Node side that a due rotation was skipped, so
 * it is counted (session_rotations_skipped_total). Client copies are removed.
 */
export const ROTATION_SKIPPED_HEADER = "x-session-rotation-skipped";
