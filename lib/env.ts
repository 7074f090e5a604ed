import { z } from "zod";
import { parseProxyAddresses, parseProxyHops, type AddressBlock } from "./http/client-address.ts";
import { POLICY_VARIABLES } from "./session/policy.ts";
import { SECRET_VARIABLES } from "./session/secrets.ts";
import { TRANSPORT_VARIABLES } from "./session/transport.ts";
import { LOG_VARIABLES } from "./log.ts";
import { DB_VARIABLES } from "./db/variables.ts";
import { MIGRATION_VARIABLES, requireMigrationTarget } from "./session/stores/migration-variables.ts";
import { ADOPTION_VARIABLES } from "./adoption/config.ts";
import { NOTIFY_VARIABLES, requireNotifyCompanions } from "./notify/variables.ts";
import { duration, optional, unset, wholeNumber, withDefault } from "./variables.ts";

/**
 * Every environment variable the app reads (the list in .env.example), in one schema. Each part is
 * declared by the module it configures (the policy, the secrets and the transport in lib/session,
 * the storage in lib/db, the logger) and read there, so that low modules need nothing above them;
 * the rest is declared here. The app parses the whole once per process (`appEnv()`), and start-up
 * stops on a bad value with one line per variable, naming it and saying what would do
 * (lib/server/startup.ts, and server.ts before the front server listens). An empty value means
 * "not set" (lib/variables.ts). The front server is compiled for Node's own module resolution
 * (tsconfig.server.json), so this module and what it imports give relative imports their .ts
 * extension.
 */

/** from the result of one of the address parsers, which name the variable themselves */
const parsedBy = <R extends object>(parse: (raw: string | undefined) => R | { error: string }) =>
  z.preprocess(unset, z.string().optional()).transform((raw, ctx) => {
    const result = parse(raw);
    if ("error" in result) {
      ctx.addIssue({ code: "custom", message: result.error });
      return z.NEVER;
    }
    return result as R;
  });

const variables = z.object({
  /** set by Next (development, production, test); any other value Next only warns about */
  NODE_ENV: optional(z.string()),

  ...SECRET_VARIABLES,

  ...DB_VARIABLES,
  ...MIGRATION_VARIABLES,

  /** sessions kept in process memory, kept exact by the change bus (0 turns the layer off) */
  SESSION_MEMORY_CACHE_SIZE: withDefault(wholeNumber(0, 10_000_000), "10000"),
  SESSION_MEMORY_CACHE_TTL: withDefault(duration, "30s"),

  ...POLICY_VARIABLES,

  MOBILE_JWT_KEY_ROTATION: withDefault(duration, "30d"),
  MOBILE_JWT_ISSUER: withDefault(z.string(), "urn:session-lab"),
  MOBILE_JWT_AUDIENCE: withDefault(z.string(), "urn:session-lab:mobile"),

  /** the bearer token of /api/metrics; unset, metrics are off */
  METRICS_TOKEN: optional(z.string().min(24, "must be at least 24 characters (openssl rand -base64 32), or empty to turn metrics off")),
  ...LOG_VARIABLES,

  ...ADOPTION_VARIABLES,

  ...NOTIFY_VARIABLES,

  ...TRANSPORT_VARIABLES,
  TRUST_PROXY_HOPS: parsedBy(parseProxyHops).transform((r) => r.hops),
  TRUST_PROXY_ADDRESSES: parsedBy(parseProxyAddresses).transform((r): AddressBlock[] => r.proxies),
});

/** The variables, and the checks across them (a field alone cannot see the others). */
export const envSchema = variables.superRefine((env, ctx) => {
  requireMigrationTarget(env, ctx);
  requireNotifyCompanions(env, ctx);
});

export type AppEnv = z.infer<typeof envSchema>;
type RawEnv = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
  }
}

/** One line per bad variable: `NAME: what is wrong` (or the parser's own sentence, which names it). */
export function envProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "");
    return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
  });
}

/** Parses an environment (tests pass their own); throws ConfigError listing every bad variable. */
export function parseEnv(env: RawEnv): AppEnv {
  const result = envSchema.safeParse(env);
  if (!result.success) throw new ConfigError(envProblems(result.error));
  return result.data;
}

const NAMES = Object.keys(envSchema.shape);
let parsed: { fingerprint: string; env: AppEnv } | undefined;

/**
 * The process's environment, parsed once: again only if one of its variables changed since (a test
 * that sets one, the front server telling the app its address), which a look at ~40 strings tells.
 */
export function appEnv(): AppEnv {
  const fingerprint = NAMES.map((name) => process.env[name] ?? "\u0000").join("\u0001");
  if (parsed?.fingerprint !== fingerprint) parsed = { fingerprint, env: parseEnv(process.env) };
  return parsed.env;
}

/** `env` parsed: the process's own through appEnv, any other (a test's, a tool's) each time. */
export const readEnv = (env: RawEnv = process.env): AppEnv => (env === process.env ? appEnv() : parseEnv(env));
