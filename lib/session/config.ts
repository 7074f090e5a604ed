import { loadPolicy, type SessionPolicy } from "./policy";
import { loadSecrets, type SecretMap } from "./secrets";

/** Policy and secrets from the environment, validated once per process (edge-safe). */
export interface SessionConfig {
  policy: SessionPolicy;
  secrets: SecretMap;
}

let cached: SessionConfig | undefined;

export function getSessionConfig(): SessionConfig {
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
 * Shared secret between the middleware and the internal session routes: a hash of the newest sealing
 * secret, so the endpoint that mints new tokens answers only the middleware, never a browser.
 */
let rotateKey: Promise<string> | undefined;
export function internalCallKey(): Promise<string> {
  rotateKey ??= (async () => {
    const { secrets } = getSessionConfig();
    const newest = secrets[Math.max(...Object.keys(secrets).map(Number))]!;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`rotate-endpoint:${newest}`));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  })();
  return rotateKey;
}

/**
 * Where the middleware reaches the Node side (token rotation): the address `next start` bound to
 * (__NEXT_PRIVATE_ORIGIN), never the request's URL. That URL follows the client's X-Forwarded-Proto
 * (behind a TLS proxy it says https, which the app server does not speak, so rotation would silently
 * stop) and, on hosts that trust it, the Host header (which would send the internal key elsewhere).
 */
export function internalOrigin(env: Record<string, string | undefined>): string {
  return env.SESSION_INTERNAL_ORIGIN || env.__NEXT_PRIVATE_ORIGIN || `http://127.0.0.1:${env.PORT || 3000}`;
}

export const LOGIN_REASONS = ["idle", "absolute", "revoked", "suspicious", "signed-out"] as const;
export type LoginReason = (typeof LOGIN_REASONS)[number];
export const isLoginReason = (value: string | null | undefined): value is LoginReason =>
  (LOGIN_REASONS as readonly string[]).includes(value ?? "");

/** `/login?next=<path>&reason=<why>`, relative so the browser stays on the host it is using. */
export function loginPath(reason?: LoginReason, next?: string): string {
  const params = new URLSearchParams();
  if (next && next !== "/" && next !== LOGIN_PATH) params.set("next", next);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return query ? `${LOGIN_PATH}?${query}` : LOGIN_PATH;
}
