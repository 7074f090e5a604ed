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
export const ROTATE_PATH = "/api/session/rotate";
export const STATUS_PATH = "/api/session/status";
export const LOGIN_PATH = "/login";

/**
 * Shared secret between the middleware and the rotation route: a hash of the newest sealing secret,
 * so the endpoint that mints new tokens answers only the middleware, never a browser.
 */
let rotateKey: Promise<string> | undefined;
export function internalRotateKey(): Promise<string> {
  rotateKey ??= (async () => {
    const { secrets } = getSessionConfig();
    const newest = secrets[Math.max(...Object.keys(secrets).map(Number))]!;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`rotate-endpoint:${newest}`));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  })();
  return rotateKey;
}

export type LoginReason = "idle" | "absolute" | "revoked" | "signed-out";

export function loginUrl(base: string | URL, reason?: LoginReason, next?: string): URL {
  const url = new URL(LOGIN_PATH, base);
  if (next && next !== "/" && next !== LOGIN_PATH) url.searchParams.set("next", next);
  if (reason) url.searchParams.set("reason", reason);
  return url;
}
