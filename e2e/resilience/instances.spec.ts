import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { expect, test } from "../support/fixtures";
import { AppInstance, RedisProcess } from "../support/instances";

import { ALICE, COOKIE, sessionCookie, signIn } from "../support/session";

/**
 * Several app instances on one PostgreSQL and one Redis, and a Redis that dies: each test starts its
 * own processes (redis-server on 6390, next start on 3216 and 3217), so it can kill them.
 */
const redis = new RedisProcess(6390);
let a: AppInstance;
let b: AppInstance;

test.describe.configure({ mode: "serial", timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await redis.start();
  const database = await freshDatabase(testDatabaseUrl("session_e2e_instances"), { demo: true });
  const env = { DATABASE_URL: database, REDIS_URL: redis.url };
  a = new AppInstance(3216, env);
  b = new AppInstance(3217, env);
  await Promise.all([a.start(), b.start()]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis.kill();
});

/** Status of a cookie value as one instance sees it. */
async function statusOn(instance: AppInstance, value: string) {
  const response = await fetch(`${instance.url}/api/session/status`, { headers: { cookie: `${COOKIE}=${value}` } });
  return (await response.json()) as { authenticated: boolean; reason?: string | null };
}

test("a session signed in on one instance works on another, and a sign-out on that other is refused on the first at once (stale instance)", async ({
  page,
}) => {
  await signIn(page, ALICE, undefined, a.url);
  const cookie = (await sessionCookie(page.context())).value;
  // cookies are per host, not per port: the same browser now talks to B
  await page.goto(`${b.url}/account`);
  await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  expect(await statusOn(a, cookie)).toMatchObject({ authenticated: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/reason=signed-out/);
  expect(new URL(page.url()).port).toBe("3217");
  expect(await statusOn(a, cookie)).toMatchObject({ authenticated: false });
});

test("Redis killed under load: after the first second no request fails and no session is lost; health says degraded, then recovers (Redis outage)", async ({
  page,
}) => {
  await signIn(page, ALICE, undefined, a.url);
  const cookie = (await sessionCookie(page.context())).value;
  const failures: Array<{ at: number; what: string }> = [];
  let requests = 0;
  const started = Date.now();
  let killedAt = Infinity;
  const load = (async () => {
    // 30 s of validated requests, alternating instances, a few in flight at a time
    while (Date.now() - started < 30_000) {
      await Promise.all(
        [a, b, a, b].map(async (instance) => {
          requests++;
          try {
            const status = await statusOn(instance, cookie);
            if (!status.authenticated) failures.push({ at: Date.now(), what: `signed out: ${status.reason}` });
          } catch (error) {
            failures.push({ at: Date.now(), what: (error as Error).message });
          }
        }),
      );
    }
  })();
  await new Promise((r) => setTimeout(r, 3_000));
  killedAt = Date.now();
  await redis.kill();
  await expect.poll(async () => (await (await fetch(`${a.url}/api/health`)).json()).status, { timeout: 10_000 }).toBe("degraded");
  await load;
  const late = failures.filter((f) => f.at > killedAt + 1_000);
  expect(late, `${late.length} of ${requests} requests failed more than a second after Redis died`).toEqual([]);
  expect(requests).toBeGreaterThan(100);

  // revocation still holds without Redis: sign out on A, refused on B
  await page.goto(`${a.url}/account`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/reason=signed-out/);
  expect(await statusOn(b, cookie)).toMatchObject({ authenticated: false });

  // Redis returns: the app picks it up by itself
  await redis.start();
  await expect.poll(async () => (await (await fetch(`${b.url}/api/health`)).json()).status, { timeout: 15_000 }).toBe("ok");
  await signIn(page, ALICE, undefined, b.url);
  await page.goto(`${a.url}/account`);
  await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
});
