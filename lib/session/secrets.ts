/**
 * Cookie-sealing secrets with rotation (edge-safe). New seals and keys use the current secret,
 * SESSION_SECRET (version SESSION_SECRET_VERSION); anything made under a listed one can be read:
 * SESSION_SECRET_PREVIOUS (older versions, still readable after a rotation) and SESSION_SECRET_NEXT
 * (a newer version, readable before any instance writes with it). So a rotation rolls over several
 * instances with nobody signed out: first every instance learns to read the next secret, then
 * each in turn makes it current, and once no live cookie can be sealed under the old one, it goes.
 */
import { z } from "zod";
import { optional, wholeNumber } from "../variables.ts";

type Env = Record<string, string | undefined>;
export type SecretMap = Record<number, string>;

/** The configured secrets: the version that seals, and every version that may be read. */
export interface Secrets {
  sealing: number;
  readable: SecretMap;
}

export const MIN_SECRET_LENGTH = 32;

// Development-only fallback so `next dev` runs before any set-up; refused when NODE_ENV=production.
const DEV_ONLY_SECRET = "dev-only-secret-do-not-use-in-production-0123456789";

export class SecretError extends Error {
  override name = "SecretError";
}

/** A bare map (tests, tools) seals with its highest version. */
export const asSecrets = (s: Secrets | SecretMap): Secrets =>
  "sealing" in s && "readable" in s ? (s as Secrets) : { sealing: Math.max(...Object.keys(s).map(Number)), readable: s as SecretMap };

/** The sealing secret first, then the others, newest first. */
export function secretsInOrder(s: Secrets): { version: number; secret: string }[] {
  const others = Object.keys(s.readable)
    .map(Number)
    .filter((v) => v !== s.sealing)
    .sort((a, b) => b - a);
  return [s.sealing, ...others].map((version) => ({ version, secret: s.readable[version]! }));
}

function versioned(name: string, entry: string): [number, string] {
  const match = /^(\d+):(.+)$/.exec(entry);
  if (!match) throw new SecretError(`${name} entries must look like <version>:<secret>`);
  if (match[2]!.length < MIN_SECRET_LENGTH)
    throw new SecretError(`${name} secret ${match[1]} is shorter than ${MIN_SECRET_LENGTH} characters`);
  return [Number(match[1]), match[2]!];
}

/** How the secrets' variables are read (part of the app's one environment schema, lib/env.ts). */
export const SECRET_VARIABLES = {
  SESSION_SECRET: optional(z.string()),
  SESSION_SECRET_VERSION: optional(wholeNumber(1, Number.MAX_SAFE_INTEGER)),
  SESSION_SECRET_PREVIOUS: optional(z.string()),
  SESSION_SECRET_NEXT: optional(z.string()),
};
const secretVariables = z.object({ ...SECRET_VARIABLES, NODE_ENV: optional(z.string()) });
export type SecretVariables = z.infer<typeof secretVariables>;

/** The secrets an environment configures. Throws SecretError naming the variable. */
export function loadSecrets(env: Env): Secrets {
  const read = secretVariables.safeParse(env);
  if (!read.success) throw new SecretError("SESSION_SECRET_VERSION must be a positive integer");
  return secretsFrom(read.data);
}

/** The secrets the (already parsed) variables describe. */
export function secretsFrom(env: SecretVariables): Secrets {
  const current = env.SESSION_SECRET;
  if (!current) {
    if (env.NODE_ENV === "production") {
      throw new SecretError("SESSION_SECRET is required in production (at least 32 characters; `openssl rand -base64 48`)");
    }
    return { sealing: 1, readable: { 1: DEV_ONLY_SECRET } };
  }
  if (current.length < MIN_SECRET_LENGTH) {
    throw new SecretError(`SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const version = env.SESSION_SECRET_VERSION ?? 1;
  const readable: SecretMap = { [version]: current };
  for (const entry of (env.SESSION_SECRET_PREVIOUS ?? "").split(/[\s,]+/).filter(Boolean)) {
    const [v, secret] = versioned("SESSION_SECRET_PREVIOUS", entry);
    if (v >= version) throw new SecretError("SESSION_SECRET_PREVIOUS versions must be lower than SESSION_SECRET_VERSION");
    readable[v] = secret;
  }
  const next = env.SESSION_SECRET_NEXT;
  if (next) {
    const [v, secret] = versioned("SESSION_SECRET_NEXT", next);
    if (v <= version) throw new SecretError("SESSION_SECRET_NEXT's version must be higher than SESSION_SECRET_VERSION");
    readable[v] = secret;
  }
  return { sealing: version, readable };
}
