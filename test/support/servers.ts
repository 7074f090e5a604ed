import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "../../lib/db/connection";
import { openTestDatabase, TEST_REDIS_URL } from "./databases";

/**
 * Test support (Vitest only): PostgreSQL and Redis for the tests of one file or describe block,
 * opened before them and closed after (a block's own afterAll runs first, with both still open).
 */
export function testServers(): { readonly db: Database; readonly redis: Redis } {
  const servers = {} as { db: Database; redis: Redis };
  beforeAll(async () => {
    servers.db = await openTestDatabase();
    servers.redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    servers.redis?.disconnect();
    await servers.db?.close();
  });
  return servers;
}
