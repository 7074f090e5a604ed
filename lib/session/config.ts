import { loadPolicy, type SessionPolicy } from "./policy";
import type { LoginReason } from "./reasons";
import { loadSecrets, type Secrets } from "./secrets";

/** Policy and secrets from the environment, validated once per process (edge-safe). */
export interface SessionConfig {
  policy: SessionPolicy;
  secrets: Secrets;
}

let cached: SessionConfig | undefined;

export function getSessionConfig(): SessionConfig {
  // each parsed by its own part of the app's one environment schema (lib/env.ts)
  cached ??= { policy: loadPolicy(process.env), secrets: loadSecrets(process.env) };
  return cached;
}

/** Paths the Edge middleware and the server agree on. */
export const STATUS_PATH = "/api/session/status";
export const LOGIN_PATH = "/login";
/**
 * Request header the middleware uses to tell the server why it just dropped a dead cookie (say the
 * seal was idle), so the status endpoint and pages can still give the reason. Client copies are removed.
 */
export const SESSION_ENDED_HEADER = "x-session-ended";

/**
 * Shared secret between the middleware and the internal session routes: a hash of the sealing
 * secret (both sides are one instance, so they always agree on it), so the endpoint that mints new tokens answers only the middleware, never a browser.
 */
let rotateKey: Promise<string> | undefined;
export function internalCallKey(): Promise<string> {
  rotateKey ??= (async () => {
    const { secrets } = getSessionConfig();
    const newest = secrets.readable[secrets.sealing]!;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`rotate-endpoint:${newest}`));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  })();
  return rotateKey;
}

/** `/login?next=<path>&reason=<why>`, relative so the browser stays on the host it is using. */
export function loginPath(reason?: LoginReason, next?: string): string {
  const params = new URLSearchParams();
  if (next && next !== "/" && next !== LOGIN_PATH) params.set("next", next);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return query ? `${LOGIN_PATH}?${query}` : LOGIN_PATH;
}
