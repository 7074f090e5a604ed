import pino from "pino";
import { z } from "zod";

/**
 * Structured JSON logs (pino), one line per event; inside a request, `requestLog()` (request-log.ts)
 * adds the id the middleware gives every request (`x-request-id`, also on the response). Secrets are redacted by key wherever they appear,
 * and call sites log network prefixes, never full addresses.
 */
export const REDACTED_KEYS = ["password", "token", "accessToken", "refreshToken", "cookie", "authorization", "secret", "ip"];

/** The logger's variable, part of the app's one environment schema (lib/env.ts). */
export const LOG_VARIABLES = {
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || undefined : v) ?? "info",
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  ),
};

/** LOG_LEVEL; "info" while it is unreadable, so that start-up can log what is wrong with it */
const logLevel = () => z.object(LOG_VARIABLES).safeParse(process.env).data?.LOG_LEVEL ?? "info";

export const logOptions: pino.LoggerOptions = {
  level: logLevel(),
  base: { service: "session-lab" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: "[redacted]" },
};

export const log = pino(logOptions);

/** An error's message and name only: stacks and causes can carry connection strings. */
export const errorFields = (error: unknown) => ({ err: { name: (error as Error)?.name, message: (error as Error)?.message } });
