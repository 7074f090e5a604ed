import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { expect, test } from "../support/fixtures";
import { AppInstance } from "../support/instances";
import pg from "pg";
import { ALICE, sessionCookie, signIn, sleep } from "../support/session";
import { TEST_METRICS_TOKEN } from "../support/servers";

/**
 * The middleware rotates tokens through the Node side. An instance whose calls cannot reach it
 * (SESSION_INTERNAL_ORIGIN points nowhere) must still rotate: the calls back off per session and
 * are counted, and the server rotates a session once it is overdue by more than its renewal interval.
 */
let app: AppInstance;
let database: string;
test.describe.configure({ mode: "serial", timeout: 120_000 });
test.beforeAll(async () => {
  database = await freshDatabase(testDatabaseUrl("session_e2e_rotation_fallback"), { demo: true });
  app = new AppInstance(3227, {
    DATABASE_URL: database,
    SESSION_INTERNAL_ORIGIN: "http://127.0.0.1:9",
    SESSION_RENEWAL_INTERVAL: "3s",
    SESSION_ROTATION_GRACE: "2s",
  });
  await app.start();
});
test.afterAll(async () => {
  await app?.stop();
});

test("a session whose rotation calls fail is still rotated, by the server, once overdue; the skipped rotations are counted (rotation stalled)", async ({
  page,
  context,
}) => {
  await signIn(page, ALICE, undefined, app.url);
  const first = (await sessionCookie(context)).value;
  await sleep(3_500);
  await page.goto(`${app.url}/account`); // due: the middleware's call fails and backs off
  await sleep(3_500);
  await page.goto(`${app.url}/account`); // overdue by more than the renewal interval: the server rotates it
  await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  await expect(page).toHaveURL(`${app.url}/account`);
  expect((await sessionCookie(context)).value).not.toBe(first);

  await page.goto(`${app.url}/account/activity`);
  await expect(page.getByTestId("activity-list")).toContainText(/renewed|rotated/i);
  const metrics = await (await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text();
  expect(Number(/^session_rotations_skipped_total (\d+)/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
});

test("a database that reads but refuses the rotation's write never turns account pages into errors or a redirect loop (failed renewal)", async ({
  page,
  context,
}) => {
  await signIn(page, ALICE, undefined, app.url);
  const db = new pg.Client({ connectionString: database });
  await db.connect();
  await db.query(`CREATE OR REPLACE FUNCTION refuse_rotation() RETURNS trigger AS $$
    BEGIN IF NEW.token_hash <> OLD.token_hash THEN RAISE EXCEPTION 'rotation refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
  await db.query("CREATE TRIGGER refuse_rotation BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION refuse_rotation()");
  try {
    await sleep(7_000); // overdue by more than the renewal interval
    const response = await page.goto(`${app.url}/account`);
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
    expect((await sessionCookie(context)).value.length).toBeGreaterThan(0);
    expect(page.url()).toContain("session-renew=failed");
  } finally {
    await db.query("DROP TRIGGER refuse_rotation ON sessions");
    await db.end();
  }
  // once writes work again, the next page rotates as usual
  await page.goto(`${app.url}/account/devices`);
  await expect(page).toHaveURL(`${app.url}/account/devices`);
});
