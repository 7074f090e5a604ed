import { internalOrigin, internalCallKey, type LoginReason } from "./config";

/**
 * Calls from the Edge middleware to the Node side, which alone can reach the store (edge-safe).
 * They go to the address the app server is bound to, carry the request's cookie and a key derived
 * from the sealing secret, and never make a request fail: if the Node side cannot be reached the
 * request goes on (the server still validates it) and calls pause briefly, so a broken Node side
 * does not cost every request a timeout.
 */
export const ROTATE_PATH = "/api/session/rotate";
export const EXPIRE_PATH = "/api/session/expire";
export const INTERNAL_KEY_HEADER = "x-session-internal-key";

const TIMEOUT_MS = 3_000;
const PAUSE_AFTER_FAILURE_MS = 10_000;
let pausedUntil = 0;

async function post(path: string, request: Request): Promise<Response | null> {
  if (Date.now() < pausedUntil) return null;
  try {
    const response = await fetch(new URL(path, internalOrigin(process.env)), {
      method: "POST",
      headers: {
        cookie: request.headers.get("cookie") ?? "",
        "x-forwarded-proto": request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", ""),
        // the browser's own, so the Node side checks binding against the real request, not this call
        "user-agent": request.headers.get("user-agent") ?? "",
        "x-forwarded-for": request.headers.get("x-forwarded-for") ?? "",
        [INTERNAL_KEY_HEADER]: await internalCallKey(),
      },
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status >= 500) throw new Error(`${path} answered ${response.status}`);
    return response;
  } catch (error) {
    pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
    console.error(`[middleware] ${path} unavailable:`, (error as Error).message);
    return null;
  }
}

export type RotationResult =
  | { status: "rotated"; seal: string }
  /** another request presenting the same token rotated it first: its response carries the new cookie */
  | { status: "superseded" }
  | { status: "refused"; reason: LoginReason }
  /** not due by the store's clock, or the Node side could not be reached: the token stays */
  | { status: "kept" };

export async function rotateThroughServer(request: Request): Promise<RotationResult> {
  const response = await post(ROTATE_PATH, request);
  if (!response?.ok) return { status: "kept" };
  const body = (await response.json().catch(() => ({}))) as { status?: string; seal?: string; reason?: LoginReason };
  if (body.status === "rotated" && body.seal) return { status: "rotated", seal: body.seal };
  if (body.status === "superseded") return { status: "superseded" };
  if (body.status === "refused") return { status: "refused", reason: body.reason ?? "revoked" };
  return { status: "kept" };
}

/** A seal found expired at the Edge: have the store end the session too (audit, device list). */
export async function endExpiredThroughServer(request: Request): Promise<void> {
  await post(EXPIRE_PATH, request);
}
