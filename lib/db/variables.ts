import { z } from "zod";
import { optional, withDefault, wholeNumber } from "../variables.ts";

/**
 * The variables of the storage layer (PostgreSQL, the embedded database, Redis, demo mode), part of
 * the app's one environment schema (lib/env.ts). Read here, by lib/db itself, so that lib/db needs
 * nothing above it.
 */
export interface HostPort {
  host: string;
  port: number;
}

const hostList = z.string().transform((value, ctx) => {
  const list: HostPort[] = [];
  for (const entry of value.split(",")) {
    const match = /^\s*\[?([^\]\s]+?)\]?:(\d{1,5})\s*$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) {
      ctx.addIssue({ code: "custom", message: `"${entry.trim()}" is not host:port` });
      return z.NEVER;
    }
    list.push({ host: match[1]!, port });
  }
  return list;
});

export const DB_VARIABLES = {
  /** 1: the demo accounts (published passwords) are seeded and shown; never in a real deployment */
  DEMO_MODE: withDefault(z.enum(["0", "1"], "must be 1 (demo accounts allowed) or empty"), "0").transform((v) => v === "1"),
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL, or empty for the embedded database" })),
  DATABASE_POOL_SIZE: withDefault(wholeNumber(1, 1_000), "10"),
  /** the embedded database's folder (default .data/pglite) */
  EMBEDDED_DB_DIR: optional(z.string()),

  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })),
  /** the Sentinels that name the master (host:port,host:port) */
  REDIS_SENTINELS: optional(hostList),
  REDIS_SENTINEL_NAME: withDefault(z.string(), "mymaster"),
  /** any nodes of a Cluster (host:port,host:port) */
  REDIS_CLUSTER_NODES: optional(hostList),
  REDIS_KEY_PREFIX: withDefault(z.string(), "sess:"),
};

const dbVariables = z.object(DB_VARIABLES);
export type DbEnv = z.infer<typeof dbVariables>;

const NAMES = Object.keys(DB_VARIABLES);
let parsed: { key: string; value: DbEnv } | undefined;

/** The storage variables of `env` (the process's by default: parsed again only when one changed). */
export function dbEnv(env: Record<string, string | undefined> = process.env): DbEnv {
  const key = NAMES.map((name) => env[name] ?? "\u0000").join("\u0001");
  if (parsed?.key !== key) {
    const result = dbVariables.safeParse(env);
    if (!result.success) throw new Error(result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "));
    parsed = { key, value: result.data };
  }
  return parsed.value;
}
