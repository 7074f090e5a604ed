import { createHash } from "node:crypto";
import { expect, test } from "./support/fixtures";
import { unsealData } from "iron-session";
import { Redis } from "ioredis";
import pg from "pg";
import { SERVERS, TEST_SESSION_SECRET } from "./support/servers";
import { parseConsentCookie } from "../lib/consent/state";
import { ALICE, sessionCookie, signIn } from "./support/session";

/** A dump of PostgreSQL or Redis must never yield a usable session token (database leak, backup theft). */
test("the raw session token appears nowhere in PostgreSQL or Redis, only its SHA-256", async ({ page, context }) => {
  await signIn(page, ALICE);
  const { token } = await unsealData<{ token: string }>((await sessionCookie(context)).value, { password: TEST_SESSION_SECRET });
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const digest = createHash("sha256").update(token).digest("hex");

  const db = new pg.Client({ connectionString: SERVERS.main.env.DATABASE_URL });
  await db.connect();
  const tables = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
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
  const values = await Promise.all(
    keys.map(async (k) => ((await redis.type(k)) === "string" ? redis.get(k) : (await redis.smembers(k)).join(","))),
  );
  redis.disconnect();
  const redisDump = keys.join("\n") + values.join("\n");
  expect(redisDump).toContain(digest);
  expect(redisDump).not.toContain(token);
});

/** Proof of consent (GDPR Art. 7(1)): each decision is kept with its choices and revision, the client only as keyed hashes. */
test("each consent decision is recorded as proof, with the address and browser only as hashes; page views carry no address", async ({
  page,
  context,
  user,
}) => {
  await page.goto("/");
  const collected = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/analytics/collect");
  await page.getByRole("button", { name: "Accept all" }).click();
  await collected;
  await signIn(page, user);
  const consent = parseConsentCookie((await context.cookies()).find((c) => c.name === "consent")?.value);
  expect(consent).not.toBeNull();
  const visitor = (await context.cookies()).find((c) => c.name === "sl_analytics")!.value;

  const db = new pg.Client({ connectionString: SERVERS.main.env.DATABASE_URL });
  await db.connect();
  const records = await db.query(
    "SELECT r.*, u.email FROM consent_records r LEFT JOIN users u ON u.id = r.user_id WHERE consent_id = $1 ORDER BY r.id",
    [consent!.id],
  );
  const views = await db.query("SELECT row_to_json(v)::text AS row FROM page_views v WHERE visitor_id = $1", [visitor]);
  await db.end();

  expect(records.rows.map((r) => [r.source, r.revision, r.functional, r.analytics, r.marketing, r.email])).toEqual([
    ["banner", consent!.revision, true, true, true, null],
    ["sign-in", consent!.revision, true, true, true, user.email],
  ]);
  const userAgent = await page.evaluate(() => navigator.userAgent);
  for (const r of records.rows) {
    expect(r.ip_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.user_agent_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(r)).not.toContain("127.0.0.1");
    expect(JSON.stringify(r)).not.toContain(userAgent);
  }
  expect(views.rows.length).toBeGreaterThan(0);
  expect(views.rows.map((r) => r.row).join()).not.toContain("127.0.0.1");
});
