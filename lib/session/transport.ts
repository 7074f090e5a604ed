import { z } from "zod";
import { oneOf, optional, wholeNumber, withDefault } from "../variables.ts";

/**
 * How requests reach the app, and how the middleware reaches the Node side (edge-safe). Its
 * variables are part of the app's one environment schema (lib/env.ts); the per-request readers here
 * parse only their own, and again only when a value changed.
 */
export const TRANSPORT_VARIABLES = {
  /** Secure and __Host- cookies: auto (when the request came over TLS), always, never */
  SESSION_COOKIE_SECURE: withDefault(oneOf(["auto", "always", "never"]), "auto"),
  /** where the middleware calls the Node side (the front server sets it to its own loopback address) */
  SESSION_INTERNAL_ORIGIN: optional(z.url({ protocol: /^https?$/ })),
  PORT: withDefault(wholeNumber(1, 65_535), "3000"),
};
const transportVariables = z.object(TRANSPORT_VARIABLES);
type Transport = z.infer<typeof transportVariables>;

let parsed: { key: string; value: Transport } | undefined;
function transport(env: Record<string, string | undefined>): Transport {
  const key = `${env.SESSION_COOKIE_SECURE}\u0000${env.SESSION_INTERNAL_ORIGIN}\u0000${env.PORT}`;
  if (parsed?.key !== key) parsed = { key, value: transportVariables.parse(env) };
  return parsed.value;
}

/** Cookies are Secure (and __Host-) when the request came over TLS, directly or via a proxy. */
export function isSecureTransport(url: URL, headers: Headers, env: Record<string, string | undefined> = process.env): boolean {
  const mode = transport(env).SESSION_COOKIE_SECURE;
  if (mode === "always") return true;
  if (mode === "never") return false;
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwarded ?? url.protocol.replace(":", "")) === "https";
}

/**
 * Where the middleware reaches the Node side (token rotation): SESSION_INTERNAL_ORIGIN, else the
 * address `next start` bound to (__NEXT_PRIVATE_ORIGIN, set once it listens: read when asked), never
 * the request's URL. That URL follows the client's X-Forwarded-Proto (behind a TLS proxy it says
 * https, which the app server does not speak, so rotation would silently stop) and, on hosts that
 * trust it, the Host header (which would send the internal key elsewhere).
 */
export function internalOrigin(env: Record<string, string | undefined> = process.env): string {
  const { SESSION_INTERNAL_ORIGIN, PORT } = transport(env);
  return SESSION_INTERNAL_ORIGIN || process.env.__NEXT_PRIVATE_ORIGIN || `http://127.0.0.1:${PORT}`;
}
