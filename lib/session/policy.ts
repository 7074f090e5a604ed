import { z } from "zod";
import { parseDuration } from "./duration";

/**
 * The session policy: one validated object, chosen by preset and adjusted by single env values.
 * Edge-safe (no node: imports): the middleware reads it too.
 *
 * Preset figures come from the source material: idle/absolute recommendations per application type
 * (bank 2–5 min / 15–30 min, medical 5–10 min / 1–2 h, general web 15–30 min / 4–8 h, admin 5–15 min /
 * 1–2 h) and token lifetimes per audience (B2B 15 min / 7 d, B2C 1 h / 30 d, internal 8 h / 90 d).
 */
export const PRESET_NAMES = ["general", "bank", "medical", "admin", "b2b", "b2c", "internal"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface SessionPolicy {
  preset: PresetName;
  /** ends a session after this long without activity */
  idleTimeoutMs: number;
  /** ends a session this long after sign-in, whatever the activity */
  absoluteTimeoutMs: number;
  /** the token is replaced after this long of activity */
  renewalIntervalMs: number;
  /** how long a replaced token is still accepted (parallel requests, other tabs) */
  rotationGraceMs: number;
  /** how long a password re-entry keeps the session elevated */
  elevationTtlMs: number;
}

export const PRESETS: Record<PresetName, Omit<SessionPolicy, "preset">> = {
  general: { idleTimeoutMs: 30 * MIN, absoluteTimeoutMs: 8 * HOUR, renewalIntervalMs: 15 * MIN, rotationGraceMs: 10_000, elevationTtlMs: 10 * MIN },
  bank: { idleTimeoutMs: 5 * MIN, absoluteTimeoutMs: 30 * MIN, renewalIntervalMs: 5 * MIN, rotationGraceMs: 5_000, elevationTtlMs: 3 * MIN },
  medical: { idleTimeoutMs: 10 * MIN, absoluteTimeoutMs: 2 * HOUR, renewalIntervalMs: 10 * MIN, rotationGraceMs: 5_000, elevationTtlMs: 5 * MIN },
  admin: { idleTimeoutMs: 15 * MIN, absoluteTimeoutMs: 2 * HOUR, renewalIntervalMs: 10 * MIN, rotationGraceMs: 5_000, elevationTtlMs: 5 * MIN },
  b2b: { idleTimeoutMs: 30 * MIN, absoluteTimeoutMs: 8 * HOUR, renewalIntervalMs: 15 * MIN, rotationGraceMs: 10_000, elevationTtlMs: 10 * MIN },
  b2c: { idleTimeoutMs: 30 * MIN, absoluteTimeoutMs: 7 * DAY, renewalIntervalMs: 1 * HOUR, rotationGraceMs: 10_000, elevationTtlMs: 15 * MIN },
  internal: { idleTimeoutMs: 8 * HOUR, absoluteTimeoutMs: 24 * HOUR, renewalIntervalMs: 1 * HOUR, rotationGraceMs: 10_000, elevationTtlMs: 15 * MIN },
};

/** env variable → policy field it overrides */
export const POLICY_ENV = {
  SESSION_IDLE_TIMEOUT: "idleTimeoutMs",
  SESSION_ABSOLUTE_TIMEOUT: "absoluteTimeoutMs",
  SESSION_RENEWAL_INTERVAL: "renewalIntervalMs",
  SESSION_ROTATION_GRACE: "rotationGraceMs",
  SESSION_ELEVATION_TTL: "elevationTtlMs",
} as const satisfies Record<string, keyof SessionPolicy>;

export class PolicyError extends Error {
  override name = "PolicyError";
}

const duration = (key: string) =>
  z.string().transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === null || ms <= 0) {
      ctx.addIssue({ code: "custom", message: `${key}="${value}" is not a duration (use 90s, 30m, 8h, 30d or seconds)` });
      return z.NEVER;
    }
    return ms;
  });

const policySchema = z
  .object({
    preset: z.enum(PRESET_NAMES),
    idleTimeoutMs: z.number().int().positive(),
    absoluteTimeoutMs: z.number().int().positive(),
    renewalIntervalMs: z.number().int().positive(),
    rotationGraceMs: z.number().int().min(1_000).max(120_000),
    elevationTtlMs: z.number().int().positive(),
  })
  .superRefine((p, ctx) => {
    if (p.idleTimeoutMs > p.absoluteTimeoutMs)
      ctx.addIssue({ code: "custom", path: ["SESSION_IDLE_TIMEOUT"], message: "SESSION_IDLE_TIMEOUT must not exceed SESSION_ABSOLUTE_TIMEOUT" });
    if (p.renewalIntervalMs > p.absoluteTimeoutMs)
      ctx.addIssue({ code: "custom", path: ["SESSION_RENEWAL_INTERVAL"], message: "SESSION_RENEWAL_INTERVAL must not exceed SESSION_ABSOLUTE_TIMEOUT" });
  });

type Env = Record<string, string | undefined>;

/** Builds the policy from a preset and env overrides. Throws PolicyError naming the variable. */
export function loadPolicy(env: Env): SessionPolicy {
  const presetName = env.SESSION_POLICY_PRESET?.trim() || "general";
  if (!(PRESET_NAMES as readonly string[]).includes(presetName)) {
    throw new PolicyError(`SESSION_POLICY_PRESET="${presetName}" is not one of ${PRESET_NAMES.join(", ")}`);
  }
  const policy: SessionPolicy = { preset: presetName as PresetName, ...PRESETS[presetName as PresetName] };
  for (const [key, field] of Object.entries(POLICY_ENV)) {
    const raw = env[key]?.trim();
    if (!raw) continue;
    const parsed = duration(key).safeParse(raw);
    if (!parsed.success) throw new PolicyError(parsed.error.issues[0]!.message);
    policy[field] = parsed.data;
  }
  const checked = policySchema.safeParse(policy);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    const envKey = Object.entries(POLICY_ENV).find(([, f]) => f === field)?.[0] ?? field;
    throw new PolicyError(issue.message.startsWith("SESSION_") ? issue.message : `${envKey}: ${issue.message}`);
  }
  return checked.data;
}
