import { z } from "zod";
import { duration, oneOf, optional, optionalDuration, wholeNumber } from "../variables.ts";

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

/** What to do when a request's network or browser differs from the one the session started with. */
export const BINDING_MODES = ["off", "log", "step-up", "revoke"] as const;
export type BindingMode = (typeof BINDING_MODES)[number];

/** At the session limit: end the least recently used session, or refuse the new sign-in. */
export const LIMIT_POLICIES = ["evict-oldest", "reject"] as const;
export type LimitPolicy = (typeof LIMIT_POLICIES)[number];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type PresetValues = Omit<SessionPolicy, "preset">;
// native apps stay signed in until logout (the source material's mobile case), bounded by inactivity
const mobile = { mobileAccessTtlMs: 15 * MIN, mobileRefreshIdleMs: 90 * DAY, mobileRefreshAbsoluteMs: 0 } as const;
const common = { ...mobile, idleWarningMs: 2 * MIN, bindIp: "log", bindUserAgent: "step-up", limitPolicy: "evict-oldest" } as const;
// stricter binding and shorter app tokens where a hijacked session costs most
const strict = {
  ...common,
  bindIp: "step-up",
  bindUserAgent: "revoke",
  mobileAccessTtlMs: 5 * MIN,
  mobileRefreshIdleMs: 7 * DAY,
  mobileRefreshAbsoluteMs: 30 * DAY,
} as const;

export const PRESETS: Record<PresetName, PresetValues> = {
  general: {
    ...common,
    idleTimeoutMs: 30 * MIN,
    absoluteTimeoutMs: 8 * HOUR,
    renewalIntervalMs: 15 * MIN,
    rotationGraceMs: 10_000,
    elevationTtlMs: 10 * MIN,
    maxSessionsPerUser: 5,
  },
  bank: {
    ...strict,
    idleTimeoutMs: 5 * MIN,
    absoluteTimeoutMs: 30 * MIN,
    renewalIntervalMs: 5 * MIN,
    rotationGraceMs: 5_000,
    elevationTtlMs: 3 * MIN,
    maxSessionsPerUser: 3,
  },
  medical: {
    ...strict,
    idleTimeoutMs: 10 * MIN,
    absoluteTimeoutMs: 2 * HOUR,
    renewalIntervalMs: 10 * MIN,
    rotationGraceMs: 5_000,
    elevationTtlMs: 5 * MIN,
    maxSessionsPerUser: 3,
  },
  admin: {
    ...strict,
    idleTimeoutMs: 15 * MIN,
    absoluteTimeoutMs: 2 * HOUR,
    renewalIntervalMs: 10 * MIN,
    rotationGraceMs: 5_000,
    elevationTtlMs: 5 * MIN,
    maxSessionsPerUser: 3,
  },
  b2b: {
    ...common,
    mobileRefreshIdleMs: 7 * DAY,
    idleTimeoutMs: 30 * MIN,
    absoluteTimeoutMs: 8 * HOUR,
    renewalIntervalMs: 15 * MIN,
    rotationGraceMs: 10_000,
    elevationTtlMs: 10 * MIN,
    maxSessionsPerUser: 5,
  },
  b2c: {
    ...common,
    mobileRefreshIdleMs: 30 * DAY,
    idleTimeoutMs: 30 * MIN,
    absoluteTimeoutMs: 7 * DAY,
    renewalIntervalMs: 30 * MIN,
    rotationGraceMs: 10_000,
    elevationTtlMs: 15 * MIN,
    maxSessionsPerUser: 10,
  },
  internal: {
    ...common,
    idleTimeoutMs: 8 * HOUR,
    absoluteTimeoutMs: 24 * HOUR,
    renewalIntervalMs: 1 * HOUR,
    rotationGraceMs: 10_000,
    elevationTtlMs: 15 * MIN,
    maxSessionsPerUser: 5,
  },
};

export class PolicyError extends Error {
  override name = "PolicyError";
}

/**
 * The policy, validated: each field, and how they fit together. `SessionPolicy` is its type, so a
 * field is written (and documented) once.
 */
const policySchema = z
  .object({
    preset: z.enum(PRESET_NAMES),
    /** ends a session after this long without activity */
    idleTimeoutMs: z.number().int().positive(),
    /** ends a session this long after sign-in, whatever the activity */
    absoluteTimeoutMs: z.number().int().positive(),
    /** the token is replaced after this long of activity */
    renewalIntervalMs: z.number().int().positive(),
    /** how long a replaced token is still accepted (parallel requests, other tabs) */
    rotationGraceMs: z.number().int().min(1_000).max(120_000),
    /** how long a password re-entry keeps the session elevated */
    elevationTtlMs: z.number().int().positive(),
    /** how long before idle expiry the browser warns */
    idleWarningMs: z.number().int().positive(),
    /** a request from another network (/24 IPv4, /64 IPv6) than the session started on */
    bindIp: z.enum(BINDING_MODES),
    /** a request from another browser, operating system or device class */
    bindUserAgent: z.enum(BINDING_MODES),
    /** live sessions one user may have (0: no limit) */
    maxSessionsPerUser: z.number().int().min(0).max(1_000),
    limitPolicy: z.enum(LIMIT_POLICIES),
    /**
     * native apps: lifetime of the access token (a JWT checked against the session on every call);
     * a bearer token cannot be recalled from a network log, so it stays short
     */
    mobileAccessTtlMs: z
      .number()
      .int()
      .min(1_000)
      .max(60 * MIN),
    /** native apps: no idle expiry; the session ends after this long without a refresh or API call */
    mobileRefreshIdleMs: z.number().int().positive(),
    /** native apps: optional absolute bound from sign-in (0: signed in until logout) */
    mobileRefreshAbsoluteMs: z.number().int().min(0),
  })
  .superRefine((p, ctx) => {
    const fail = (field: keyof SessionPolicy, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (p.idleTimeoutMs > p.absoluteTimeoutMs) fail("idleTimeoutMs", "SESSION_IDLE_TIMEOUT must not exceed SESSION_ABSOLUTE_TIMEOUT");
    if (p.renewalIntervalMs > p.absoluteTimeoutMs)
      fail("renewalIntervalMs", "SESSION_RENEWAL_INTERVAL must not exceed SESSION_ABSOLUTE_TIMEOUT");
    if (p.idleWarningMs >= p.idleTimeoutMs) fail("idleWarningMs", "SESSION_IDLE_WARNING must be shorter than SESSION_IDLE_TIMEOUT");
    if (p.mobileRefreshAbsoluteMs > 0 && p.mobileRefreshIdleMs > p.mobileRefreshAbsoluteMs) {
      fail("mobileRefreshIdleMs", "MOBILE_REFRESH_IDLE must not exceed MOBILE_REFRESH_ABSOLUTE");
    }
    if (p.mobileAccessTtlMs >= p.mobileRefreshIdleMs)
      fail("mobileAccessTtlMs", "MOBILE_ACCESS_TTL must be shorter than MOBILE_REFRESH_IDLE");
  });

export type SessionPolicy = z.infer<typeof policySchema>;

/** env variable → the policy field it sets */
export const POLICY_FIELDS = {
  SESSION_IDLE_TIMEOUT: "idleTimeoutMs",
  SESSION_ABSOLUTE_TIMEOUT: "absoluteTimeoutMs",
  SESSION_RENEWAL_INTERVAL: "renewalIntervalMs",
  SESSION_ROTATION_GRACE: "rotationGraceMs",
  SESSION_ELEVATION_TTL: "elevationTtlMs",
  SESSION_IDLE_WARNING: "idleWarningMs",
  SESSION_BIND_IP: "bindIp",
  SESSION_BIND_UA: "bindUserAgent",
  SESSION_MAX_PER_USER: "maxSessionsPerUser",
  SESSION_LIMIT_POLICY: "limitPolicy",
  MOBILE_ACCESS_TTL: "mobileAccessTtlMs",
  MOBILE_REFRESH_IDLE: "mobileRefreshIdleMs",
  MOBILE_REFRESH_ABSOLUTE: "mobileRefreshAbsoluteMs",
} as const satisfies Record<string, keyof PresetValues>;

/** How each of them is read (part of the app's one environment schema, lib/env.ts); unset keeps the preset's value. */
export const POLICY_VARIABLES = {
  SESSION_POLICY_PRESET: optional(oneOf(PRESET_NAMES)),
  SESSION_IDLE_TIMEOUT: optional(duration),
  SESSION_ABSOLUTE_TIMEOUT: optional(duration),
  SESSION_RENEWAL_INTERVAL: optional(duration),
  SESSION_ROTATION_GRACE: optional(duration),
  SESSION_ELEVATION_TTL: optional(duration),
  SESSION_IDLE_WARNING: optional(duration),
  SESSION_BIND_IP: optional(oneOf(BINDING_MODES)),
  SESSION_BIND_UA: optional(oneOf(BINDING_MODES)),
  SESSION_MAX_PER_USER: optional(wholeNumber(0, 1_000)),
  SESSION_LIMIT_POLICY: optional(oneOf(LIMIT_POLICIES)),
  MOBILE_ACCESS_TTL: optional(duration),
  MOBILE_REFRESH_IDLE: optional(duration),
  MOBILE_REFRESH_ABSOLUTE: optional(optionalDuration),
} satisfies Record<"SESSION_POLICY_PRESET" | keyof typeof POLICY_FIELDS, z.ZodType>;

const policyVariables = z.object(POLICY_VARIABLES);
export type PolicyVariables = z.infer<typeof policyVariables>;

type Env = Record<string, string | undefined>;

const firstProblem = (error: z.ZodError) => {
  const issue = error.issues[0]!;
  const name = String(issue.path[0] ?? "");
  return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
};

/** Builds the policy from a preset and env overrides. Throws PolicyError naming the variable. */
export function loadPolicy(env: Env): SessionPolicy {
  const read = policyVariables.safeParse(env);
  if (!read.success) throw new PolicyError(firstProblem(read.error));
  return policyFrom(read.data);
}

/** The policy the (already parsed) variables describe: the preset's values, each set one replacing its field. */
export function policyFrom(variables: PolicyVariables): SessionPolicy {
  const preset = variables.SESSION_POLICY_PRESET ?? "general";
  const policy: Record<string, unknown> = { preset, ...PRESETS[preset] };
  for (const [name, field] of Object.entries(POLICY_FIELDS)) {
    const value = variables[name as keyof typeof POLICY_FIELDS];
    if (value !== undefined) policy[field] = value;
  }
  // the default warning must fit a short idle timeout someone chose: then warn half-way instead
  if (variables.SESSION_IDLE_WARNING === undefined && (policy.idleWarningMs as number) >= (policy.idleTimeoutMs as number)) {
    policy.idleWarningMs = Math.floor((policy.idleTimeoutMs as number) / 2);
  }
  const checked = policySchema.safeParse(policy);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    const name = Object.entries(POLICY_FIELDS).find(([, f]) => f === field)?.[0] ?? field;
    throw new PolicyError(
      issue.message.startsWith("SESSION_") || issue.message.startsWith("MOBILE_") ? issue.message : `${name}: ${issue.message}`,
    );
  }
  return checked.data;
}
