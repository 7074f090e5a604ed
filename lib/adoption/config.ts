import { z } from "zod";
import { oneOf, optional, wholeNumber, withDefault } from "../variables.ts";

/**
 * Adopting the sessions of the system a fork replaces (edge-safe): which sources are turned on, and
 * the names of their cookies, which the middleware looks for. Part of the app's one environment
 * schema (lib/env.ts). A source is on when its secret is set.
 */
export type AdoptionSource = "authjs" | "express-session" | "iron-session";

const list = z.string().transform((value) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

export const ADOPTION_VARIABLES = {
  /** Auth.js / NextAuth's AUTH_SECRET (comma-separated, newest first, while it is being rotated) */
  MIGRATE_FROM_AUTHJS_SECRET: optional(list),
  /** express-session's `secret` (comma-separated like its array form: the first signs, all verify) */
  MIGRATE_FROM_EXPRESS_SESSION_SECRET: optional(list),
  /** the Redis connect-redis keeps the sessions in */
  MIGRATE_FROM_EXPRESS_SESSION_REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })),
  MIGRATE_FROM_EXPRESS_SESSION_PREFIX: withDefault(z.string(), "sess:"),
  /** where the user is in the session data (dots between keys): passport keeps it at passport.user */
  MIGRATE_FROM_EXPRESS_SESSION_USER: withDefault(z.string(), "passport.user"),
  MIGRATE_FROM_EXPRESS_SESSION_COOKIE: withDefault(z.string(), "connect.sid"),
  /** iron-session's `password` */
  MIGRATE_FROM_IRON_PASSWORD: optional(z.string().min(32, "must be the iron-session password (at least 32 characters)")),
  MIGRATE_FROM_IRON_COOKIE: withDefault(z.string(), "iron-session"),
  /** where the user is in the iron-session data (dots between keys) */
  MIGRATE_FROM_IRON_USER: withDefault(z.string(), "user"),
  /** how a foreign session's user is found here: by email (the default) or by the same id */
  MIGRATE_FROM_USER_MATCH: withDefault(oneOf(["email", "id"] as const), "email"),
  /** the share of users adopted (a stable hash of the user); the others are served from the foreign session, read-only */
  MIGRATE_FROM_PERCENT: withDefault(wholeNumber(0, 100), "100"),
};

const adoptionVariables = z.object(ADOPTION_VARIABLES);
export type AdoptionVariables = z.infer<typeof adoptionVariables>;

export interface AdoptionConfig {
  authjs: { secrets: string[] } | null;
  expressSession: { secrets: string[]; redisUrl: string; prefix: string; userPath: string; cookie: string } | null;
  iron: { password: string; cookie: string; userPath: string } | null;
  match: "email" | "id";
  percent: number;
}

/** Auth.js's session cookie names: v5's, v4's (which a v5 deployment may have kept), each also with the `__Secure-` prefix. */
export const AUTHJS_COOKIES = [
  "__Secure-authjs.session-token",
  "authjs.session-token",
  "__Secure-next-auth.session-token",
  "next-auth.session-token",
] as const;

/** Problems of a combination (each variable alone is checked by the schema). */
export function adoptionProblems(v: AdoptionVariables): string[] {
  const problems: string[] = [];
  if (v.MIGRATE_FROM_EXPRESS_SESSION_SECRET?.length && !v.MIGRATE_FROM_EXPRESS_SESSION_REDIS_URL)
    problems.push("MIGRATE_FROM_EXPRESS_SESSION_REDIS_URL: must name the Redis of the express-session sessions");
  return problems;
}

export function adoptionFrom(v: AdoptionVariables): AdoptionConfig {
  const express = v.MIGRATE_FROM_EXPRESS_SESSION_SECRET?.length && v.MIGRATE_FROM_EXPRESS_SESSION_REDIS_URL;
  return {
    authjs: v.MIGRATE_FROM_AUTHJS_SECRET?.length ? { secrets: v.MIGRATE_FROM_AUTHJS_SECRET } : null,
    expressSession: express
      ? {
          secrets: v.MIGRATE_FROM_EXPRESS_SESSION_SECRET!,
          redisUrl: v.MIGRATE_FROM_EXPRESS_SESSION_REDIS_URL!,
          prefix: v.MIGRATE_FROM_EXPRESS_SESSION_PREFIX,
          userPath: v.MIGRATE_FROM_EXPRESS_SESSION_USER,
          cookie: v.MIGRATE_FROM_EXPRESS_SESSION_COOKIE,
        }
      : null,
    iron: v.MIGRATE_FROM_IRON_PASSWORD
      ? { password: v.MIGRATE_FROM_IRON_PASSWORD, cookie: v.MIGRATE_FROM_IRON_COOKIE, userPath: v.MIGRATE_FROM_IRON_USER }
      : null,
    match: v.MIGRATE_FROM_USER_MATCH,
    percent: v.MIGRATE_FROM_PERCENT,
  };
}

let cached: AdoptionConfig | undefined;

/** The adoption settings of this process, parsed once (as the policy and secrets are); another environment, each time. */
export function adoptionConfig(env: Record<string, string | undefined> = process.env): AdoptionConfig {
  if (env !== process.env) return adoptionFrom(adoptionVariables.parse(env));
  cached ??= adoptionFrom(adoptionVariables.parse(env));
  return cached;
}

/** Forgets the parsed settings, for a tool that changes this process's environment (the bench). */
export function forgetAdoptionConfig() {
  cached = undefined;
}

export const adoptionEnabled = (config: AdoptionConfig) => Boolean(config.authjs || config.expressSession || config.iron);

/**
 * The cookies of the configured sources among `names` (a request's cookie names): Auth.js's in
 * every form, chunked ones (`name.0`, `name.1`, …) included. Empty when adoption is off.
 */
export function foreignCookiesIn(names: Iterable<string>, config: AdoptionConfig): string[] {
  if (!adoptionEnabled(config)) return [];
  const found: string[] = [];
  for (const name of names) {
    const base = name.replace(/\.\d+$/, "");
    if (config.authjs && (AUTHJS_COOKIES as readonly string[]).includes(base)) found.push(name);
    else if (config.expressSession?.cookie === name || config.iron?.cookie === name) found.push(name);
  }
  return found;
}

/** A cookie name with a prefix the browser only accepts (and deletes) with `Secure`. */
export const needsSecure = (name: string) => name.startsWith("__Secure-") || name.startsWith("__Host-");
