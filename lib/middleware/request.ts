import type { NextRequest } from "next/server";
import { STATUS_PATH } from "../session/config";
import { isSecureTransport } from "../session/transport";
import { ADOPT_PATH, EXPIRE_PATH, ROTATE_PATH } from "../session/server-calls";
import { contentSecurityPolicy, createNonce } from "../http/security-headers";

/** What the middleware needs to know about a request before it does anything (edge-safe). */
const PROTECTED_PAGES = ["/account", "/verify", "/admin"];
// the app API authenticates with bearer tokens of its own (lib/mobile), not the cookie
const PUBLIC_API = ["/api/health", STATUS_PATH, "/api/auth/logout", "/api/analytics/collect", "/api/mobile", "/api/metrics"];
// called by the middleware itself, with a key of their own
const INTERNAL_API = [ROTATE_PATH, EXPIRE_PATH, ADOPT_PATH];

const startsWithAny = (path: string, prefixes: string[]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`));

export interface RequestFacts {
  path: string;
  /** path and query, where sign-in sends the user back to */
  next: string;
  api: boolean;
  /** needs a session: pages of the account and admin areas, and the API except its public parts */
  protected: boolean;
  /** one of the middleware's own calls to the Node side */
  internal: boolean;
  /** the status endpoint: a read-only probe, never activity */
  statusProbe: boolean;
  /** served over TLS (directly or through the proxy): Secure and __Host- cookies, HSTS */
  secure: boolean;
  nonce: string;
  csp: string;
  /** one id per request, in every log line about it and on the response (support can ask for it) */
  requestId: string;
}

export function describeRequest(request: NextRequest, env: Record<string, string | undefined> = process.env): RequestFacts {
  const url = request.nextUrl;
  const path = url.pathname;
  const api = path.startsWith("/api/");
  const secure = isSecureTransport(url, request.headers, env);
  const nonce = createNonce();
  return {
    path,
    next: path + url.search,
    api,
    protected: startsWithAny(path, PROTECTED_PAGES) || (api && !startsWithAny(path, [...PUBLIC_API, ...INTERNAL_API])),
    internal: INTERNAL_API.includes(path),
    statusProbe: path === STATUS_PATH,
    secure,
    nonce,
    csp: contentSecurityPolicy(nonce, { dev: env.NODE_ENV === "development", secure }),
    requestId: crypto.randomUUID(),
  };
}
