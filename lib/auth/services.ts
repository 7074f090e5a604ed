import { hkdfSync } from "node:crypto";
import { getDatabase } from "../db/connection";
import { getRedis } from "../db/redis";
import { getSessionConfig } from "../session/config";
import { createSessionService, type SessionService } from "../session/service";
import { PrismaAuditLog, PrismaSessionStore } from "../session/stores/prisma";
import { RedisCachedSessionStore } from "../session/stores/redis";
import { errorFields, log } from "../server/log";
import { CountingAuditLog, metrics } from "../server/metrics";
import type { AuditLog, SessionStore } from "../session/types";

/** Wires the session service to PostgreSQL (system of record) and, when configured, Redis (hot copy). */
const KEY = Symbol.for("next-session-secure.services");
type Holder = { [KEY]?: Promise<SessionService> };

export function getSessionService(): Promise<SessionService> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const { prisma } = await getDatabase();
    const { policy } = getSessionConfig();
    const primary = new PrismaSessionStore(prisma);
    const reads = metrics().storeReads;
    const redis = getRedis();
    const store: SessionStore = redis
      ? new RedisCachedSessionStore(primary, redis, {
          keyPrefix: process.env.REDIS_KEY_PREFIX ?? "sess:",
          onError: (error) => log.warn(errorFields(error), "redis unavailable, using PostgreSQL"),
          onRead: (layer) => reads.inc({ layer }),
        })
      : Object.assign(Object.create(primary) as PrismaSessionStore, {
          findByTokenHash(hash: string) {
            reads.inc({ layer: "db" });
            return primary.findByTokenHash(hash);
          },
        });
    return createSessionService({ store, audit: await getAuditLog(), policy, successorKey: serverKey("session-token-successor") });
  })().catch((error) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

/** The audit trail (PostgreSQL), for events outside the session lifecycle such as failed sign-ins. */
export async function getAuditLog(): Promise<AuditLog> {
  const { prisma } = await getDatabase();
  return new CountingAuditLog(new PrismaAuditLog(prisma));
}

/**
 * A 256-bit key for one purpose (`info`), derived with HKDF from the newest sealing secret, so one
 * configured secret serves every keyed hash without any two purposes sharing a key.
 */
export function serverKey(info: string): Uint8Array {
  const { secrets } = getSessionConfig();
  const newest = secrets[Math.max(...Object.keys(secrets).map(Number))]!;
  return new Uint8Array(hkdfSync("sha256", newest, "", info, 32));
}
