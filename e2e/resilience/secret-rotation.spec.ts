import type { Page } from "@playwright/test";
import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { expect, test } from "../support/fixtures";
import { AppInstance } from "../support/instances";
import { ALICE, COOKIE, sessionCookie, signIn, sleep } from "../support/session";

/**
 * Rotating SESSION_SECRET by the documented steps (README "Going to production"), rolling over two
 * instances (3226, 3228) on one database while a browser and an app are signed in and use both:
 * every browser stays signed in, every app refreshes (a retry on the other instance too), the JWKS
 * answers, not one 5xx; once the old secret is removed, a cookie sealed under it is plain "signed out".
 */
const OLD = "rotation-old-secret-7Hq2Lw9Zp4Xc8Vb3Nm6Ks1Df5Gj0Ra";
const NEW = "rotation-new-secret-Qe4Tu8Io2Pa6Sd0Fg3Hj7Kl1Zx5Cv9";
const STEPS = {
  before: { SESSION_SECRET: OLD },
  learn: { SESSION_SECRET: OLD, SESSION_SECRET_NEXT: `2:${NEW}` },
  switch: { SESSION_SECRET: NEW, SESSION_SECRET_VERSION: "2", SESSION_SECRET_PREVIOUS: `1:${OLD}` },
  done: { SESSION_SECRET: NEW, SESSION_SECRET_VERSION: "2" },
};
type Step = keyof typeof STEPS;

let database: string;
const instances: Record<"a" | "b", AppInstance | null> = { a: null, b: null };
const PORTS = { a: 3226, b: 3228 };

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.beforeAll(async () => {
  database = await freshDatabase(testDatabaseUrl("session_e2e_secret_rotation"), { demo: true });
});
test.afterAll(async () => {
  await Promise.all(Object.values(instances).map((i) => i?.stop()));
});

/** Restarts one instance with a step's secrets (a rolling restart: the other keeps serving). */
async function restart(name: "a" | "b", step: Step) {
  await instances[name]?.stop();
  // activity is re-sealed every 6 s here (a tenth of the idle timeout), so the rotation reaches the cookie quickly
  instances[name] = new AppInstance(PORTS[name], {
    DATABASE_URL: database,
    SESSION_IDLE_TIMEOUT: "60s",
    SESSION_RENEWAL_INTERVAL: "30s",
    ...STEPS[step],
  });
  await instances[name]!.start();
}

const url = (name: "a" | "b", path: string) => `http://127.0.0.1:${PORTS[name]}${path}`;

/** Every response of the page, so a 5xx anywhere fails the test. */
function serverErrors(page: Page) {
  const seen: string[] = [];
  page.on("response", (r) => void (r.status() >= 500 && seen.push(`${r.status()} ${r.url()}`)));
  return seen;
}

test("a secret rotation rolled over two instances signs nobody out and answers no 5xx; once the old secret is gone its cookies are plainly signed out (secret rotation)", async ({
  page,
  context,
}) => {
  const errors = serverErrors(page);
  const apiErrors: string[] = [];
  const api = async (name: "a" | "b", path: string, init: RequestInit = {}) => {
    const response = await fetch(url(name, path), init);
    if (response.status >= 500) apiErrors.push(`${response.status} ${path} on ${name}`);
    return response;
  };
  const post = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const signedInOn = async (name: "a" | "b") => {
    await page.goto(url(name, "/account"));
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  };

  await Promise.all([restart("a", "before"), restart("b", "before")]);
  await signIn(page, ALICE, undefined, url("a", ""));
  const sealedUnderOld = (await sessionCookie(context)).value;
  let app = await (await api("a", "/api/mobile/token", post({ ...ALICE, deviceName: "Rotation test phone" }))).json();

  // step 1, one instance after the other: every instance learns to read the new secret
  for (const name of ["a", "b"] as const) {
    await restart(name, "learn");
    await signedInOn("a");
    await signedInOn("b");
  }

  // step 2, one after the other: the new secret becomes current; the not yet restarted one reads it
  await restart("a", "switch");
  await sleep(6_500);
  await signedInOn("a");
  expect((await sessionCookie(context)).value.split("*")[1], "re-sealed under the new secret").toBe("2");
  await signedInOn("b");
  // a refresh on the switched instance whose answer was lost, retried on the other: the same successor
  const refreshed = await (await api("a", "/api/mobile/refresh", post({ refreshToken: app.refreshToken }))).json();
  const retried = await api("b", "/api/mobile/refresh", post({ refreshToken: app.refreshToken }));
  expect(retried.status).toBe(200);
  expect((await retried.json()).refreshToken).toBe(refreshed.refreshToken);
  app = refreshed;
  expect((await api("b", "/api/mobile/me", { headers: { authorization: `Bearer ${app.accessToken}` } })).status).toBe(200);
  await restart("b", "switch");
  await signedInOn("b");

  // step 3, later: the old secret is removed everywhere
  for (const name of ["a", "b"] as const) await restart(name, "done");
  await signedInOn("a");
  await signedInOn("b");
  const later = await api("b", "/api/mobile/refresh", post({ refreshToken: app.refreshToken }));
  expect(later.status).toBe(200);
  const jwks = await api("a", "/.well-known/jwks.json");
  expect(jwks.status).toBe(200);
  expect((await jwks.json()).keys.length).toBeGreaterThan(0);
  // a cookie still sealed under the removed secret is "signed out", cleared, and never an error
  const stale = await api("a", "/account", { headers: { cookie: `${COOKIE}=${sealedUnderOld}` }, redirect: "manual" });
  expect(stale.status).toBe(303);
  expect(stale.headers.get("location")).toMatch(/\/login\?next=%2Faccount/);
  expect(stale.headers.get("set-cookie")).toMatch(new RegExp(`^${COOKIE}=;`));

  expect(errors).toEqual([]);
  expect(apiErrors).toEqual([]);
  for (const instance of Object.values(instances)) expect(instance!.errors).not.toMatch(/\b5\d\d\b|Error:/);
});
