import { formatDuration } from "./duration";
import { loadPolicy, PolicyError, type PresetName, type SessionPolicy } from "./policy";

/**
 * The policy validator behind `npm run session:check`: the effective policy (preset + env) against
 * the source material's recommended timeouts per application type and OWASP ASVS 5.0 (V7 session
 * management, V10.4 for app tokens). Errors are unsafe values; warnings are allowed but need a reason.
 */
export interface Finding {
  level: "error" | "warning";
  /** the env variable to change */
  setting: string;
  message: string;
  /** why it matters, and where the rule comes from */
  reason: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Upper bounds from the source material's table of recommended timeouts by application type. */
export const RECOMMENDED: Partial<Record<PresetName, { label: string; idleMaxMs: number; absoluteMaxMs: number }>> = {
  bank: { label: "banking and finance (idle 2–5 min, absolute 15–30 min)", idleMaxMs: 5 * MIN, absoluteMaxMs: 30 * MIN },
  medical: { label: "medical and personal data (idle 5–10 min, absolute 1–2 h)", idleMaxMs: 10 * MIN, absoluteMaxMs: 2 * HOUR },
  admin: { label: "administrator functions (idle 5–15 min, absolute 1–2 h)", idleMaxMs: 15 * MIN, absoluteMaxMs: 2 * HOUR },
  general: { label: "general web applications (idle 15–30 min, absolute 4–8 h)", idleMaxMs: 30 * MIN, absoluteMaxMs: 8 * HOUR },
  b2b: { label: "general web applications (idle 15–30 min, absolute 4–8 h)", idleMaxMs: 30 * MIN, absoluteMaxMs: 8 * HOUR },
};

const d = formatDuration;

export function checkPolicy(p: SessionPolicy): Finding[] {
  const findings: Finding[] = [];
  const error = (setting: string, message: string, reason: string) => findings.push({ level: "error", setting, message, reason });
  const warn = (setting: string, message: string, reason: string) => findings.push({ level: "warning", setting, message, reason });

  const recommended = RECOMMENDED[p.preset];
  if (recommended) {
    if (p.idleTimeoutMs > recommended.idleMaxMs) {
      error(
        "SESSION_IDLE_TIMEOUT",
        `idle timeout ${d(p.idleTimeoutMs)} is longer than ${d(recommended.idleMaxMs)} for the "${p.preset}" preset`,
        `Recommended for ${recommended.label}; ASVS 7.3.1.`,
      );
    }
    if (p.absoluteTimeoutMs > recommended.absoluteMaxMs) {
      error(
        "SESSION_ABSOLUTE_TIMEOUT",
        `absolute timeout ${d(p.absoluteTimeoutMs)} is longer than ${d(recommended.absoluteMaxMs)} for the "${p.preset}" preset`,
        `Recommended for ${recommended.label}; ASVS 7.3.2.`,
      );
    }
  }
  if (p.renewalIntervalMs > p.idleTimeoutMs) {
    error(
      "SESSION_RENEWAL_INTERVAL",
      `renewal interval ${d(p.renewalIntervalMs)} is longer than the idle timeout ${d(p.idleTimeoutMs)}`,
      "The token would never be renewed in an active session that could still expire: renew within the idle window.",
    );
  }
  if (p.absoluteTimeoutMs > 24 * HOUR) {
    warn(
      "SESSION_ABSOLUTE_TIMEOUT",
      `absolute timeout ${d(p.absoluteTimeoutMs)} is longer than a day`,
      "A stolen cookie stays usable that long if its owner keeps the session active; ASVS 7.3.2 asks for a documented maximum. Fine for low-risk consumer sites that say so.",
    );
  }
  if (p.idleTimeoutMs > 60 * MIN) {
    warn(
      "SESSION_IDLE_TIMEOUT",
      `idle timeout ${d(p.idleTimeoutMs)} is longer than an hour`,
      "An unattended browser stays signed in that long; ASVS 7.3.1 expects the value to follow the documented risk analysis.",
    );
  }
  if (p.rotationGraceMs > 30_000) {
    warn(
      "SESSION_ROTATION_GRACE",
      `rotation grace ${d(p.rotationGraceMs)} is longer than 30 s`,
      "A replaced token stays usable this long; parallel requests need only seconds.",
    );
  }
  if (p.elevationTtlMs > 15 * MIN) {
    warn(
      "SESSION_ELEVATION_TTL",
      `elevation lasts ${d(p.elevationTtlMs)}, more than 15 minutes`,
      "Sensitive actions stay unlocked that long after the password was re-entered (ASVS 7.5.3).",
    );
  }
  if (p.bindIp === "off" && p.bindUserAgent === "off") {
    warn(
      "SESSION_BIND_UA",
      "session binding is off for both network and browser",
      "A stolen cookie used from another browser goes unnoticed: no audit event, no step-up.",
    );
  }
  if (p.maxSessionsPerUser === 0) {
    warn(
      "SESSION_MAX_PER_USER",
      "no limit on concurrent sessions",
      "ASVS 7.1.2 asks for a documented number of concurrent sessions and what happens beyond it.",
    );
  }
  if (p.mobileAccessTtlMs > 15 * MIN) {
    warn(
      "MOBILE_ACCESS_TTL",
      `app access tokens live ${d(p.mobileAccessTtlMs)}, more than 15 minutes`,
      "Revocation is checked on every call anyway, but a leaked token is a bearer credential until it expires (RFC 9700, ASVS V10.4).",
    );
  }
  if (p.mobileRefreshAbsoluteMs === 0 && (p.preset === "bank" || p.preset === "medical" || p.preset === "admin")) {
    warn(
      "MOBILE_REFRESH_ABSOLUTE",
      `app sessions have no absolute bound under the "${p.preset}" preset`,
      "High-risk applications should make apps sign in again periodically.",
    );
  }
  return findings;
}

export type PolicyReport = { ok: true; policy: SessionPolicy; findings: Finding[] } | { ok: false; findings: Finding[] };

/** Loads the policy from `env` and checks it; a value that does not load at all is an error too. */
export function checkPolicyEnv(env: Record<string, string | undefined>): PolicyReport {
  try {
    const policy = loadPolicy(env);
    const findings = checkPolicy(policy);
    return findings.some((f) => f.level === "error") ? { ok: false, findings } : { ok: true, policy, findings };
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    const setting = /^([A-Z_]+)/.exec(error.message)?.[1] ?? "SESSION_POLICY_PRESET";
    return {
      ok: false,
      findings: [{ level: "error", setting, message: error.message, reason: "The app refuses to start with this value." }],
    };
  }
}
