import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { unsealData } from "iron-session";
import { Redis } from "ioredis";
import pg from "pg";
import { SERVERS, TEST_SESSION_SECRET } from "./support/servers";
import { ALICE, sessionCookie, signIn } from "./support/session";

/** A dump of PostgreSQL or Redis must never yield a usable session token (database leak, backup theft). */
test("the raw session token appears nowhere in PostgreSQL or Redis, only its SHA-256", async ({ page, context }) => {
  await signIn(page, ALICE);
  const { token } = await unsealData<{ token: string }>((await sessionCookie(context)).value, { password: TEST_SESSION_SECRET });
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const digest = createHash("sha256").update(token).digest("hex");

  const db = new pg.Client({ connectionString: SERVERS.main.env.DATABASE_URL });
  await db.connect();
  const tables = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
  );
  let dump = "";
  for (const { table_name } of tables.rows) {
    const rows = await db.query(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
    dump += rows.rows.map((r) => r.row).join("\n");
  }
  await db.end();
  expect(dump).toContain(digest); // proves we looked where sessions live
  expect(dump).not.toContain(token);

  const redis = new Redis(SERVERS.main.env.REDIS_URL!);
  const keys = await redis.keys("*");
  const values = await Promise.all(keys.map(async (k) => ((await redis.type(k)) === "string" ? redis.get(k) : (await redis.smembers(k)).join(","))));
  redis.disconnect();
  const redisDump = keys.join("\n") + values.join("\n");
  expect(redisDump).toContain(digest);
  expect(redisDump).not.toContain(token);
});
