import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { openDatabase } from "../../lib/db/connection";
import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { expect, test } from "../support/fixtures";
import { hermeticEnv } from "../support/hermetic-env";
import { AppInstance } from "../support/instances";
import type { TokenPair } from "../support/mobile";
import { TEST_METRICS_TOKEN } from "../support/servers";
import { ALICE, BOB, sessionCookie, signIn, sleep, statusWith } from "../support/session";

/**
 * Moving the system of record from one PostgreSQL database to another with everyone signed in
 * (README "Moving the session store"): one instance (next start on 3241), restarted into each
 * phase, a browser and an app signed in throughout. The copy runs while the app serves, is killed
 * mid-run and finishes when started again; a revocation made in dual holds to the end; a rollback
 * from switch at 50% loses no rotation or revocation made in switch. The embedded database as the
 * old store is covered by lib/cli/sessions-migrate.int.test.ts and lib/session/stores/migrating.int.test.ts
 * (it belongs to one process, so its copy runs with the app stopped).
 */
const PORT = 3241;
const BULK_SESSIONS = 3_000;
const GRACE_MS = 3_000;
let OLD: string;
let TARGET: string;
let app: AppInstance | null = null;
const url = `http://127.0.0.1:${PORT}`;

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  [OLD, TARGET] = await Promise.all([
    freshDatabase(testDatabaseUrl("session_e2e_store_old"), { demo: true }),
    freshDatabase(testDatabaseUrl("session_e2e_store_target")),
  ]);
});

test.afterAll(async () => {
  await app?.stop();
});

type Phase = "shadow" | "dual" | "switch" | "done";
/** The instance's variables in a phase (none: before the move; "moved": DATABASE_URL on the target). */
function phaseEnv(phase: Phase | "before" | "moved", percent = 0): Record<string, string> {
  // short renewal and grace, so tokens rotate while the test walks and a spent one is soon past its grace
  const base = { SESSION_RENEWAL_INTERVAL: "5s", SESSION_ROTATION_GRACE: `${GRACE_MS / 1_000}s`, SESSION_MAX_PER_USER: "0" };
  if (phase === "before") return { ...base, DATABASE_URL: OLD };
  if (phase === "moved") return { ...base, DATABASE_URL: TARGET };
  return {
    ...base,
    DATABASE_URL: OLD,
    SESSION_STORE_MIGRATION: phase,
    SESSION_STORE_MIGRATION_TARGET: TARGET,
    SESSION_STORE_MIGRATION_PERCENT: String(percent),
  };
}

async function restart(phase: Phase | "before" | "moved", percent = 0) {
  await app?.stop();
  app = new AppInstance(PORT, phaseEnv(phase, percent));
  await app.start();
}

/** `npm run sessions:migrate` with the instance's own variables; `killAt` SIGKILLs it once its stderr matches. */
async function copyCommand(phase: Phase, killAt?: RegExp) {
  const env = await hermeticEnv(phaseEnv(phase));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    // its own process group (npm, tsx and the node running the copy), so the kill reaches the copy itself
    const child = spawn("npm", ["run", "--silent", "sessions:migrate", "--", "--batch-size", "100"], { env, detached: true });
    let stdout = "";
    let stderr = "";
    let killed = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (killAt?.test(stderr) && !killed) {
        killed = true;
        process.kill(-child.pid!, "SIGKILL");
      }
    });
    // after the output is all read, not merely when npm is gone
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const json = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${url}${path}`, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> };
};
const appSignIn = async (user: { email: string; password: string }, deviceName: string) => {
  const { status, body } = await json("/api/mobile/token", { method: "POST", body: JSON.stringify({ ...user, deviceName }) });
  expect(status).toBe(200);
  return body as unknown as TokenPair;
};
const appRefresh = (refreshToken: string) => json("/api/mobile/refresh", { method: "POST", body: JSON.stringify({ refreshToken }) });
const appMe = (pair: TokenPair) => json("/api/mobile/me", { headers: { authorization: `Bearer ${pair.accessToken}` } });
const health = async () =>
  (await json("/api/health")).body as { status: string; migration?: { phase: string; percent: number; reason?: string } };

/** The sum of a metric's series that carry `labels`, as the instance reports it now. */
async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text();
  let sum = 0;
  for (const [, series, set = "", value] of text.matchAll(/^(\w+)(\{[^}]*\})? (\S+)$/gm)) {
    if (series === name && Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) sum += Number(value);
  }
  return sum;
}

/** The browser on /account and the app's API call both still signed in. */
async function stillSignedIn(page: Page, pair: TokenPair, when: string) {
  await page.goto(`${url}/account`);
  await expect(page.getByTestId("account-email"), when).toHaveText(ALICE.email);
  expect((await appMe(pair)).status, `${when}: the app`).toBe(200);
}

/** Sessions as both databases have them, on what decides whether their holders are signed in. */
async function bothStores(ids: string[]) {
  const read = async (databaseUrl: string) => {
    const db = await openDatabase(databaseUrl);
    try {
      const rows = await db.prisma.session.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
      return rows.map((r) => ({
        id: r.id,
        tokenHash: r.tokenHash,
        rotatedAt: r.rotatedAt.getTime(),
        revokedAt: r.revokedAt?.getTime() ?? null,
      }));
    } finally {
      await db.close();
    }
  };
  return { old: await read(OLD), target: await read(TARGET) };
}

/** Thousands of sessions written straight into the old database, so the copy takes many batches and can be cut. */
async function seedBulkSessions() {
  const db = await openDatabase(OLD);
  try {
    const users = Array.from({ length: 30 }, () => ({ id: randomUUID(), email: `bulk-${randomUUID()}@test.invalid`, passwordHash: "x" }));
    await db.prisma.user.createMany({ data: users });
    const now = new Date();
    await db.prisma.session.createMany({
      data: Array.from({ length: BULK_SESSIONS }, (_, i) => ({
        id: randomUUID(),
        userId: users[i % users.length]!.id,
        tokenHash: createHash("sha256").update(randomUUID()).digest("hex"),
        createdAt: now,
        lastSeenAt: now,
        rotatedAt: now,
      })),
    });
  } finally {
    await db.close();
  }
}

test("moving the session store phase by phase: nobody signed out, revocations and rotations hold, rollback loses nothing (zero-downtime migration)", async ({
  page,
  browser,
}) => {
  let pair: TokenPair;
  let bob: { cookie: string };

  await test.step("before: a browser, a second browser and an app signed in on the old database", async () => {
    await restart("before");
    await signIn(page, ALICE, undefined, url);
    pair = await appSignIn(ALICE, "Pixel 9 (Session Lab app)");
    const second = await browser.newContext();
    const secondPage = await second.newPage();
    await signIn(secondPage, BOB, undefined, url);
    bob = { cookie: (await sessionCookie(second)).value };
    await second.close();
    expect((await health()).migration).toBeUndefined();
  });

  await test.step("shadow: the old store answers, writes reach both; the copy runs live, killed mid-run and restarted", async () => {
    await restart("shadow");
    await stillSignedIn(page, pair, "shadow");
    expect(await health()).toMatchObject({ migration: { phase: "shadow", percent: 0 } });
    pair = (await appRefresh(pair.refreshToken)).body as unknown as TokenPair; // a rotation in shadow
    expect(pair.accessToken).toBeTruthy();

    await seedBulkSessions();
    const killed = await copyCommand("shadow", /\[sessions:migrate\] sessions \d+\/\d+/);
    expect(killed.code, killed.stderr).toBeNull();
    const resumed = await copyCommand("shadow");
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("resuming from");
    expect(resumed.stdout).toContain("consistent: every live session matches in both databases");
    expect(resumed.stdout).toMatch(new RegExp(`^sessions\\s+(\\d+)\\s+\\1$`, "m"));
    await stillSignedIn(page, pair, "shadow, after the copy");
  });

  await test.step("dual: both read and compared; a revocation holds; a planted difference makes health degraded", async () => {
    await restart("dual");
    await stillSignedIn(page, pair, "dual");
    expect(await statusWith(url, bob.cookie)).toMatchObject({ authenticated: true });
    const second = await browser.newContext();
    await second.addCookies([{ name: "sid", value: bob.cookie, url }]);
    const secondPage = await second.newPage();
    await secondPage.goto(`${url}/account`);
    await secondPage.getByRole("button", { name: "Sign out" }).click();
    await expect(secondPage).toHaveURL(/reason=signed-out/);
    await second.close();
    expect(await statusWith(url, bob.cookie)).toMatchObject({ authenticated: false });
    // every session so far, old or copied, reads the same from both stores
    expect((await health()).migration?.reason ?? "").not.toContain("mismatches");
    expect(await metric("session_store_migration_reads_total", { store: "target" })).toBeGreaterThan(0);
    expect(await metric("session_store_migration_mismatches_total")).toBe(0);

    // a difference only the target has, as a lost write would leave: dual sees it, the old store still answers
    const target = await openDatabase(TARGET);
    await target.prisma.session.update({ where: { id: pair.sessionId }, data: { deviceLabel: "planted in the target" } });
    await target.close();
    pair = (await appRefresh(pair.refreshToken)).body as unknown as TokenPair;
    expect((await appMe(pair)).body).toMatchObject({ session: { deviceName: "Pixel 9 (Session Lab app)" } });
    const degraded = await health();
    expect(degraded).toMatchObject({ status: "degraded", migration: { phase: "dual", reason: expect.stringContaining("mismatches") } });
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect(await metric("session_store_migration_mismatches_total")).toBeGreaterThan(0);
  });

  let rotatedInSwitch: TokenPair;
  let spentInSwitch: { token: string; at: number };
  let endedInSwitch: string;
  let aliceBrowser: string;
  await test.step("switch at 50%: reads split between the stores; sessions rotated and revoked meanwhile", async () => {
    await restart("switch", 50);
    await stillSignedIn(page, pair, "switch 50%");
    // the browser's token rotates (renewal interval 5 s), the app refreshes, a third device comes and goes
    const before = (await sessionCookie(page.context())).value;
    await sleep(5_500);
    await stillSignedIn(page, pair, "switch 50%, rotated");
    expect((await sessionCookie(page.context())).value).not.toBe(before);
    pair = (await appRefresh(pair.refreshToken)).body as unknown as TokenPair;
    const third = await appSignIn(BOB, "Tablet");
    rotatedInSwitch = (await appRefresh(third.refreshToken)).body as unknown as TokenPair;
    spentInSwitch = { token: third.refreshToken, at: Date.now() };
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, BOB, undefined, url);
    endedInSwitch = (await sessionCookie(other)).value;
    await otherPage.getByRole("button", { name: "Sign out" }).click();
    await expect(otherPage).toHaveURL(/reason=signed-out/);
    await other.close();
    for (let i = 0; i < 6; i++) await statusWith(url, (await sessionCookie(page.context())).value);
    expect(await metric("session_store_migration_reads_total", { store: "target" })).toBeGreaterThan(0);
    expect(await metric("session_store_migration_reads_total", { store: "old" })).toBeGreaterThan(0);
    expect(await health()).toMatchObject({ migration: { phase: "switch", percent: 50 } });
    const db = await openDatabase(OLD);
    aliceBrowser = (await db.prisma.session.findFirstOrThrow({ where: { kind: "browser", revokedAt: null, user: { email: ALICE.email } } }))
      .id;
    await db.close();
  });

  await test.step("rollback to shadow: every rotation and revocation made in switch holds", async () => {
    await restart("shadow");
    await stillSignedIn(page, pair, "rolled back to shadow");
    expect(await statusWith(url, endedInSwitch)).toMatchObject({ authenticated: false });
    expect(await statusWith(url, bob.cookie)).toMatchObject({ authenticated: false });
    const { old, target } = await bothStores([aliceBrowser, pair.sessionId, rotatedInSwitch.sessionId]);
    expect(target).toEqual(old);
    // the refresh token spent in switch is still known as spent: presenting it is reuse
    await sleep(spentInSwitch.at + GRACE_MS + 500 - Date.now()); // inside its grace it would be a retry
    const replay = await appRefresh(spentInSwitch.token);
    expect(replay).toMatchObject({ status: 401, body: { error: "token_reused" } });
    expect((await appMe(rotatedInSwitch)).status).toBe(401);
  });

  await test.step("switch at 100%, then done: the target alone; the revocation made in dual still holds", async () => {
    await restart("switch", 100);
    await stillSignedIn(page, pair, "switch 100%");
    await restart("done");
    await stillSignedIn(page, pair, "done");
    pair = (await appRefresh(pair.refreshToken)).body as unknown as TokenPair;
    expect((await appMe(pair)).status).toBe(200);
    expect(await statusWith(url, bob.cookie)).toMatchObject({ authenticated: false });
    expect(await statusWith(url, endedInSwitch)).toMatchObject({ authenticated: false });
    expect(await metric("session_store_migration_reads_total", { store: "target" })).toBeGreaterThan(0);
    expect(await metric("session_store_migration_reads_total", { store: "old" })).toBe(0);
    // users, signing keys and the audit trail written to the old database meanwhile, before DATABASE_URL moves
    const last = await copyCommand("done");
    expect(last.code, last.stdout + last.stderr).toBe(0);
  });

  await test.step("DATABASE_URL on the target, the migration variables gone: still signed in, still revoked", async () => {
    await restart("moved");
    await stillSignedIn(page, pair, "moved");
    expect((await appRefresh(pair.refreshToken)).status).toBe(200);
    expect(await statusWith(url, bob.cookie)).toMatchObject({ authenticated: false });
    expect(await health()).toMatchObject({ status: "ok" });
    expect((await health()).migration).toBeUndefined();
    await page.goto(`${url}/account/activity`);
    await expect(page.getByTestId("activity-list").locator("li").first()).toBeVisible();
  });
});
