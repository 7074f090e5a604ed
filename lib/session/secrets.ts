/**
 * Cookie-sealing secrets with rotation (edge-safe). iron-session seals with the highest-numbered
 * secret and unseals with any listed one, so rotating is: move the current secret into
 * SESSION_SECRET_PREVIOUS as `<version>:<secret>`, set a new SESSION_SECRET and bump
 * SESSION_SECRET_VERSION. Cookies sealed with the old secret keep working until they expire.
 */
type Env = Record<string, string | undefined>;
export type SecretMap = Record<number, string>;

export const MIN_SECRET_LENGTH = 32;

// Development-only fallback so `next dev` runs before any set-up; refused when NODE_ENV=production.
const DEV_ONLY_SECRET = "dev-only-secret-do-not-use-in-production-0123456789";

export class SecretError extends Error {
  override name = "SecretError";
}

export function loadSecrets(env: Env): SecretMap {
  const current = env.SESSION_SECRET?.trim();
  if (!current) {
    if (env.NODE_ENV === "production") {
      throw new SecretError("SESSION_SECRET is required in production (at least 32 characters; `openssl rand -base64 48`)");
    }
    return { 1: DEV_ONLY_SECRET };
  }
  if (current.length < MIN_SECRET_LENGTH) {
    throw new SecretError(`SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const version = Number(env.SESSION_SECRET_VERSION?.trim() || "1");
  if (!Number.isInteger(version) || version < 1) throw new SecretError("SESSION_SECRET_VERSION must be a positive integer");
  const map: SecretMap = { [version]: current };
  for (const entry of (env.SESSION_SECRET_PREVIOUS ?? "").split(/[\s,]+/).filter(Boolean)) {
    const match = /^(\d+):(.+)$/.exec(entry);
    if (!match) throw new SecretError("SESSION_SECRET_PREVIOUS entries must look like <version>:<secret>");
    const v = Number(match[1]);
    if (v >= version) throw new SecretError("SESSION_SECRET_PREVIOUS versions must be lower than SESSION_SECRET_VERSION");
    if (match[2]!.length < MIN_SECRET_LENGTH) throw new SecretError(`SESSION_SECRET_PREVIOUS secret ${v} is shorter than ${MIN_SECRET_LENGTH} characters`);
    map[v] = match[2]!;
  }
  return map;
}
