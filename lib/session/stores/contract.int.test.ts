import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Database } from "../../db/connection";
import type { SessionStore } from "../types";
import { describeSessionStoreContract } from "../../../test/support/store-contract";
import { MemorySessionStore } from "./memory";
import { PrismaSessionStore } from "./prisma";
import { MemoryCachedSessionStore, singleProcessBus } from "./memory-cache";
import { RedisCachedSessionStore } from "./redis";
import { RedisInvalidationBus } from "./redis-bus";
import { createUsers, deleteUsers, openEmbeddedDatabase } from "../../../test/support/databases";
import { testServers } from "../../../test/support/servers";

/** Runs the one SessionStore contract against every adapter the app can be configured with. */

describeSessionStoreContract("memory", async () => ({
  store: new MemorySessionStore(),
  users: [randomUUID(), randomUUID()],
  cleanup: async () => {},
}));

describeSessionStoreContract("process memory over memory (the embedded default's layering)", async () => ({
  store: new MemoryCachedSessionStore(new MemorySessionStore(), singleProcessBus),
  users: [randomUUID(), randomUUID()],
  cleanup: async () => {},
}));

/** A fixture over a PostgreSQL-compatible database, with two fresh users per test. */
function prismaFixture(db: () => Database, wrap?: (primary: PrismaSessionStore) => Promise<{ store: SessionStore; verify(): void }>) {
  return async () => {
    const { prisma } = db();
    const [alice, bob] = await createUsers(prisma, 2);
    const primary = new PrismaSessionStore(prisma);
    const wrapped = wrap ? await wrap(primary) : { store: primary, verify() {} };
    return {
      store: wrapped.store,
      users: [alice!, bob!] as [string, string],
      async cleanup() {
        await deleteUsers(prisma, [alice!, bob!]);
        wrapped.verify();
      },
    };
  };
}

describe("embedded PGlite", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openEmbeddedDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  describeSessionStoreContract(
    "Prisma on PGlite",
    prismaFixture(() => db),
  );
});

describe("PostgreSQL", () => {
  const servers = testServers();

  describeSessionStoreContract(
    "Prisma on PostgreSQL",
    prismaFixture(() => servers.db),
  );

  describeSessionStoreContract(
    "Redis cache over Prisma on PostgreSQL",
    prismaFixture(
      () => servers.db,
      async (primary) => {
        await servers.redis.flushdb();
        const errors: unknown[] = [];
        const store = new RedisCachedSessionStore(primary, servers.redis, {
          keyPrefix: `contract:${randomUUID()}:`,
          onError: (e) => errors.push(e),
        });
        // a healthy Redis must never fall back silently, or this run would only be testing PostgreSQL
        return { store, verify: () => expect(errors).toEqual([]) };
      },
    ),
  );

  describeSessionStoreContract(
    "process memory over the Redis cache over Prisma on PostgreSQL (production layering)",
    prismaFixture(
      () => servers.db,
      async (primary) => {
        const prefix = `contract:${randomUUID()}:`;
        const errors: unknown[] = [];
        const bus = new RedisInvalidationBus(servers.redis, { channel: `${prefix}changes`, onError: (e) => errors.push(e) });
        const hot = new RedisCachedSessionStore(primary, servers.redis, {
          keyPrefix: prefix,
          available: () => bus.live,
          writable: () => bus.reachable,
          onError: (e) => errors.push(e),
        });
        for (let i = 0; i < 100 && !bus.live; i++) await new Promise((r) => setTimeout(r, 20));
        expect(bus.live).toBe(true);
        return {
          store: new MemoryCachedSessionStore(hot, bus, { onError: (e) => errors.push(e) }),
          verify: () => {
            bus.close();
            expect(errors).toEqual([]);
          },
        };
      },
    ),
  );
});
