import { z } from "zod";

/**
 * The pieces configuration is parsed with: lib/env.ts, and the modules that declare their own
 * variables (the policy, the secrets, the transport, lib/db). No imports, so all of them can use it.
 * Next treats `NAME=` in a .env file as set, so an empty value means "not set" throughout.
 */
export const unset = (value: unknown) => (typeof value === "string" ? value.trim() || undefined : value);
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unset, schema.optional());
export const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) => z.preprocess((v) => unset(v) ?? fallback, schema);

/** Durations in configuration: `90s`, `30m`, `8h`, `30d`, `500ms` or plain seconds. Returns milliseconds. */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(input: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(input);
  if (!match) return null;
  const unit = (match[2]?.toLowerCase() ?? "s") as keyof typeof UNIT_MS;
  const ms = Math.round(Number(match[1]) * UNIT_MS[unit]);
  return Number.isFinite(ms) ? ms : null;
}

/** `90s`, `30m`, `8h`, `30d`, `500ms` or plain seconds, as milliseconds (more than 0) */
export const duration = z.string().transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a duration (use 90s, 30m, 8h, 30d or seconds)` });
    return z.NEVER;
  }
  return ms;
});

/** a duration, or 0 / "off" for no bound */
export const optionalDuration = z.union([z.enum(["0", "off"]).transform(() => 0), duration]);

export const wholeNumber = (min: number, max: number) =>
  z.string().transform((value, ctx) => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (n >= min && n <= max) return n;
    ctx.addIssue({ code: "custom", message: `"${value}" is not a whole number from ${min} to ${max}` });
    return z.NEVER;
  });

export const oneOf = <const T extends readonly [string, ...string[]]>(options: T) =>
  z.enum(options, { error: (issue) => `"${String(issue.input)}" is not one of ${options.join(", ")}` });
