import staticHeaders from "./static-security-headers.json";

/**
 * Security headers (edge-safe). The CSP carries a per-request nonce: Next.js reads it from the
 * request's Content-Security-Policy header and puts it on its own scripts, so no inline script runs
 * without it. `strict-dynamic` lets those scripts load the chunks they need.
 */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, { dev, secure }: { dev: boolean; secure: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Headers every response carries; next.config.mjs applies the same file to static assets. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = staticHeaders;

export const HSTS = "max-age=63072000; includeSubDomains";

/** Cross-site state-changing requests are refused before they reach a handler (CSRF, defence in depth with SameSite=Lax). */
export function isCrossSiteWrite(method: string, headers: Headers, url: URL): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  const origin = headers.get("origin");
  if (origin) {
    const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? url.host;
    try {
      return new URL(origin).host !== host;
    } catch {
      return true;
    }
  }
  return headers.get("sec-fetch-site") === "cross-site";
}
