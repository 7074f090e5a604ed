import pino from "pino";

/**
 * Structured JSON logs (pino), one line per event; inside a request, `requestLog()` (request-log.ts)
 * adds the id the middleware gives every request (`x-request-id`, also on the response). Secrets are redacted by key wherever they appear,
 * and call sites log network prefixes, never full addresses.
 */
export const REDACTED_KEYS = ["password", "token", "accessToken", "refreshToken", "cookie", "authorization", "secret", "ip"];

export const logOptions: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL?.trim() || "info",
  base: { service: "session-lab" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: "[redacted]" },
};

export const log = pino(logOptions);

/** An error's message and name only: stacks and causes can carry connection strings. */
export const errorFields = (error: unknown) => ({ err: { name: (error as Error)?.name, message: (error as Error)?.message } });
