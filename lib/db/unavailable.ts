import { messagesFor, negotiateLang } from "../i18n";

/**
 * PostgreSQL being unreachable is not a bug in a request: it gets a 503 that says so (JSON for APIs,
 * a page for browsers, a form message for actions), with Retry-After. Every write goes to PostgreSQL
 * first, so the copies in Redis and memory never get ahead of it; a multi-step action cut off midway
 * is safe to repeat.
 */
export const RETRY_AFTER_SECONDS = 5;

// node-postgres and the driver adapter report a lost server by socket codes, pg SQLSTATEs and messages
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// 08xxx connection exceptions, 57P01..57P03 shutting down / cannot connect now, 53300 too many connections
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
// Prisma's own codes for an unreachable server, a closed connection, and an exhausted pool
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|the database system is (starting up|shutting down)|DatabaseNotReachable|connection refused/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    if (typeof e !== "object") return typeof e === "string" && MESSAGES.test(e);
    const { code, message, cause, kind, originalCode } = e as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      kind?: unknown;
      originalCode?: unknown;
    };
    for (const c of [code, originalCode]) {
      if (typeof c === "string" && (SOCKET_CODES.has(c) || SQLSTATE.test(c) || PRISMA_CODES.has(c))) return true;
    }
    if (kind === "DatabaseNotReachable" || kind === "ConnectionClosed" || kind === "SocketTimeout") return true;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
    e = cause;
  }
  return false;
}

export const unavailableHeaders = { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" };

/** The 503 answer of an API, its message in the request's Accept-Language (English without a request). */
export function unavailableJson(request?: Request): Response {
  const t = messagesFor(negotiateLang(request?.headers.get("accept-language")));
  return Response.json({ error: "service_unavailable", message: t.shared.unavailable }, { status: 503, headers: unavailableHeaders });
}

/**
 * Route handlers: a database outage becomes 503 JSON; anything else is rethrown as the bug it is.
 * `export const POST = orUnavailable(async (request) => …)`
 */
export function orUnavailable<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      // Next passes the request first, also to a handler declared without parameters
      const request: unknown = args[0];
      if (isDatabaseUnavailable(error)) return unavailableJson(request instanceof Request ? request : undefined);
      throw error;
    }
  };
}
