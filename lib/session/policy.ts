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

/** What to do when a request's network or browser differs from the one the session started with. */
export const BINDING_MODES = ["off", "log", "step-up", "revoke"] as const;
export type BindingMode = (typeof BINDING_MODES)[number];

/** At the session limit: end the least recently used session, or refuse the new sign-in. */
export const LIMIT_POLICIES = ["evict-oldest", "reject"] as const;
export type LimitPolicy = (typeof LIMIT_POLICIES)[number];

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
  /** how long before idle expiry the browser warns */
  idleWarningMs: number;
  /** a request from another network (/24 IPv4, /64 IPv6) than the session started on */
  bindIp: BindingMode;
  /** a request from another browser, operating system or device class */
  bindUserAgent: BindingMode;
  /** live sessions one user may have (0: no limit) */
  maxSessionsPerUser: number;
  limitPolicy: LimitPolicy;
  /** native apps: lifetime of the access token (a JWT checked against the session on every call) */
  mobileAccessTtlMs: number;
  /** native apps: no idle expiry; the session ends after this long without a refresh or API call */
  mobileRefreshIdleMs: number;
  /** native apps: optional absolute bound from sign-in (0: signed in until logout) */
  mobileRefreshAbsoluteMs: number;
}

type PresetValues = Omit<SessionPolicy, "preset">;
// native apps stay signed in until logout (the source material's mobile case), bounded by inactivity
const mobile = { mobileAccessTtlMs: 15 * MIN, mobileRefreshIdleMs: 90 * DAY, mobileRefreshAbsoluteMs: 0 } as const;
const common = { ...mobile, idleWarningMs: 2 * MIN, bindIp: "log", bindUserAgent: "step-up", limitPolicy: "evict-oldest" } as const;
// stricter binding and shorter app tokens where a hijacked session costs most
const strict = { ...common, bindIp: "step-up", bindUserAgent: "revoke", mobileAccessTtlMs: 5 * MIN, mobileRefreshIdleMs: 7 * DAY, mobileRefreshAbsoluteMs: 30 * DAY } as const;

export const PRESETS: Record<PresetName, PresetValues> = {
  general: { ...common, idleTimeoutMs: 30 * MIN, absoluteTimeoutMs: 8 * HOUR, renewalIntervalMs: 15 * MIN, rotationGraceMs: 10_000, elevationTtlMs: 10 * MIN, maxSessionsPerUser: 5 },
  bank: { ...strict, idleTimeoutMs: 5 * MIN, absoluteTimeoutMs: 30 * MIN, renewalIntervalMs: 5 * MIN, rotationGraceMs: 5_000, elevationTtlMs: 3 * MIN, maxSessionsPerUser: 3 },
  medical: { ...strict, idleTimeoutMs: 10 * MIN, absoluteTimeoutMs: 2 * HOUR, renewalIntervalMs: 10 * MIN, rotationGraceMs: 5_000, elevationTtlMs: 5 * MIN, maxSessionsPerUser: 3 },
  admin: { ...strict, idleTimeoutMs: 15 * MIN, absoluteTimeoutMs: 2 * HOUR, renewalIntervalMs: 10 * MIN, rotationGraceMs: 5_000, elevationTtlMs: 5 * MIN, maxSessionsPerUser: 3 },
  b2b: { ...common, mobileRefreshIdleMs: 7 * DAY, idleTimeoutMs: 30 * MIN, absoluteTimeoutMs: 8 * HOUR, renewalIntervalMs: 15 * MIN, rotationGraceMs: 10_000, elevationTtlMs: 10 * MIN, maxSessionsPerUser: 5 },
  b2c: { ...common, mobileRefreshIdleMs: 30 * DAY, idleTimeoutMs: 30 * MIN, absoluteTimeoutMs: 7 * DAY, renewalIntervalMs: 30 * MIN, rotationGraceMs: 10_000, elevationTtlMs: 15 * MIN, maxSessionsPerUser: 10 },
  internal: { ...common, idleTimeoutMs: 8 * HOUR, absoluteTimeoutMs: 24 * HOUR, renewalIntervalMs: 1 * HOUR, rotationGraceMs: 10_000, elevationTtlMs: 15 * MIN, maxSessionsPerUser: 5 },
};

export class PolicyError extends Error {
  override name = "PolicyError";
}

type Parser = (key: string, value: string) => unknown;
const duration: Parser = (key, value) => {
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) throw new PolicyError(`${key}="${value}" is not a duration (use 90s, 30m, 8h, 30d or seconds)`);
  return ms;
};
const oneOf =
  (options: readonly string[]): Parser =>
  (key, value) => {
    if (!options.includes(value)) throw new PolicyError(`${key}="${value}" is not one of ${options.join(", ")}`);
    return value;
  };
/** a duration, or 0 / "off" for no bound */
const optionalDuration: Parser = (key, value) => (value === "0" || value === "off" ? 0 : duration(key, value));
const count: Parser = (key, value) => {
  if (!/^\d+$/.test(value)) throw new PolicyError(`${key}="${value}" is not a whole number`);
  return Number(value);
};

/** env variable → the policy field it sets, and how its value is read */
export const POLICY_ENV = {
  SESSION_IDLE_TIMEOUT: ["idleTimeoutMs", duration],
  SESSION_ABSOLUTE_TIMEOUT: ["absoluteTimeoutMs", duration],
  SESSION_RENEWAL_INTERVAL: ["renewalIntervalMs", duration],
  SESSION_ROTATION_GRACE: ["rotationGraceMs", duration],
  SESSION_ELEVATION_TTL: ["elevationTtlMs", duration],
  SESSION_IDLE_WARNING: ["idleWarningMs", duration],
  SESSION_BIND_IP: ["bindIp", oneOf(BINDING_MODES)],
  SESSION_BIND_UA: ["bindUserAgent", oneOf(BINDING_MODES)],
  SESSION_MAX_PER_USER: ["maxSessionsPerUser", count],
  SESSION_LIMIT_POLICY: ["limitPolicy", oneOf(LIMIT_POLICIES)],
  MOBILE_ACCESS_TTL: ["mobileAccessTtlMs", duration],
  MOBILE_REFRESH_IDLE: ["mobileRefreshIdleMs", duration],
  MOBILE_REFRESH_ABSOLUTE: ["mobileRefreshAbsoluteMs", optionalDuration],
} as const satisfies Record<string, readonly [keyof PresetValues, Parser]>;

const envKeyOf = (field: string) => Object.entries(POLICY_ENV).find(([, [f]]) => f === field)?.[0] ?? field;

const policySchema = z
  .object({
    preset: z.enum(PRESET_NAMES),
    idleTimeoutMs: z.number().int().positive(),
    absoluteTimeoutMs: z.number().int().positive(),
    renewalIntervalMs: z.number().int().positive(),
    rotationGraceMs: z.number().int().min(1_000).max(120_000),
    elevationTtlMs: z.number().int().positive(),
    idleWarningMs: z.number().int().positive(),
    bindIp: z.enum(BINDING_MODES),
    bindUserAgent: z.enum(BINDING_MODES),
    maxSessionsPerUser: z.number().int().min(0).max(1_000),
    limitPolicy: z.enum(LIMIT_POLICIES),
    // a bearer token cannot be recalled from a network log: keep it short (checked against the session anyway)
    mobileAccessTtlMs: z.number().int().min(1_000).max(60 * MIN),
    mobileRefreshIdleMs: z.number().int().positive(),
    mobileRefreshAbsoluteMs: z.number().int().min(0),
  })
  .superRefine((p, ctx) => {
    const fail = (field: keyof SessionPolicy, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (p.idleTimeoutMs > p.absoluteTimeoutMs) fail("idleTimeoutMs", "SESSION_IDLE_TIMEOUT must not exceed SESSION_ABSOLUTE_TIMEOUT");
    if (p.renewalIntervalMs > p.absoluteTimeoutMs) fail("renewalIntervalMs", "SESSION_RENEWAL_INTERVAL must not exceed SESSION_ABSOLUTE_TIMEOUT");
    if (p.idleWarningMs >= p.idleTimeoutMs) fail("idleWarningMs", "SESSION_IDLE_WARNING must be shorter than SESSION_IDLE_TIMEOUT");
    if (p.mobileRefreshAbsoluteMs > 0 && p.mobileRefreshIdleMs > p.mobileRefreshAbsoluteMs) {
      fail("mobileRefreshIdleMs", "MOBILE_REFRESH_IDLE must not exceed MOBILE_REFRESH_ABSOLUTE");
    }
    if (p.mobileAccessTtlMs >= p.mobileRefreshIdleMs) fail("mobileAccessTtlMs", "MOBILE_ACCESS_TTL must be shorter than MOBILE_REFRESH_IDLE");
  });

type Env = Record<string, string | undefined>;

/** Builds the policy from a preset and env overrides. Throws PolicyError naming the variable. */
export function loadPolicy(env: Env): SessionPolicy {
  const presetName = env.SESSION_POLICY_PRESET?.trim() || "general";
  if (!(PRESET_NAMES as readonly string[]).includes(presetName)) {
    throw new PolicyError(`SESSION_POLICY_PRESET="${presetName}" is not one of ${PRESET_NAMES.join(", ")}`);
  }
  const policy: Record<string, unknown> = { preset: presetName, ...PRESETS[presetName as PresetName] };
  for (const [key, [field, parse]] of Object.entries(POLICY_ENV)) {
    const raw = env[key]?.trim();
    if (raw) policy[field] = parse(key, raw);
  }
  // the default warning must fit a short idle timeout someone chose: then warn half-way instead
  if (!env.SESSION_IDLE_WARNING?.trim() && (policy.idleWarningMs as number) >= (policy.idleTimeoutMs as number)) {
    policy.idleWarningMs = Math.floor((policy.idleTimeoutMs as number) / 2);
  }
  const checked = policySchema.safeParse(policy);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new PolicyError(issue.message.startsWith("SESSION_") ? issue.message : `${envKeyOf(String(issue.path[0] ?? ""))}: ${issue.message}`);
  }
  return checked.data;
}
