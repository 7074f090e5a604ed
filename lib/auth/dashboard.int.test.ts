import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/connection";
import { loadPolicy } from "../session/policy";
import { freshDatabase, openEmbeddedDatabase, testDatabaseUrl } from "../../test/support/databases";
import { loadDashboard, type DashboardBucket } from "./dashboard";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
// Wednesday 2 December 2026, 10:30 UTC: the 24 h range starts at 11:00 the day before, the 7 d one on 26 November
const NOW = at("2026-12-02T10:30:00.000Z");
const policy = loadPolicy({});

type Event = { type: string; at: number; detail?: Record<string, string> };
const EVENTS: Event[] = [
  // the current hour, up to the clock exactly; a later event (another instance's clock) is not yet counted
  { type: "session.created", at: at("2026-12-02T10:05:00Z"), detail: { kind: "browser" } },
  { type: "session.created", at: at("2026-12-02T10:10:00Z"), detail: { kind: "browser" } },
  { type: "session.created", at: at("2026-12-02T10:29:00Z"), detail: { kind: "mobile" } },
  { type: "session.created", at: NOW, detail: { kind: "browser" } },
  { type: "session.created", at: NOW + 1, detail: { kind: "browser" } },
  // not counted anywhere
  { type: "session.rotated", at: at("2026-12-02T10:12:00Z") },
  { type: "session.elevated", at: at("2026-12-02T10:13:00Z") },
  // the first hour's edge: its first millisecond is in, the one before is out (but in the 7 days)
  { type: "login.failed", at: at("2026-12-01T11:00:00.000Z"), detail: { purpose: "sign-in" } },
  { type: "login.failed", at: at("2026-12-01T10:59:59.999Z"), detail: { purpose: "sign-in" } },
  { type: "login.throttled", at: at("2026-12-02T03:15:00Z"), detail: { purpose: "sign-in" } },
  { type: "login.throttled", at: at("2026-12-02T03:45:00Z"), detail: { purpose: "app-sign-in" } },
  // endings, by reason
  { type: "session.revoked", at: at("2026-12-02T09:10:00Z"), detail: { reason: "signed-out", kind: "browser" } },
  { type: "session.revoked", at: at("2026-12-02T09:20:00Z"), detail: { reason: "signed-out", kind: "browser" } },
  { type: "session.revoked", at: at("2026-12-02T09:25:00Z"), detail: { reason: "admin", kind: "mobile" } },
  { type: "session.expired-idle", at: at("2026-12-02T09:40:00Z"), detail: { reason: "expired-idle", kind: "browser" } },
  { type: "session.reuse-detected", at: at("2026-12-02T08:00:00Z"), detail: { reason: "token-reuse", kind: "browser" } },
  { type: "session.revoked", at: at("2026-12-02T08:30:00Z"), detail: { reason: "some-future-reason" } },
  { type: "session.suspicious", at: at("2026-12-02T08:01:00Z"), detail: { action: "step-up" } },
  // the 7 days' edges: the first millisecond of 26 November is in, the last of 25 November out
  { type: "session.expired-absolute", at: at("2026-11-26T00:00:00.000Z"), detail: { reason: "expired-absolute" } },
  { type: "session.expired-absolute", at: at("2026-11-25T23:59:59.999Z"), detail: { reason: "expired-absolute" } },
  { type: "session.created", at: at("2026-11-28T12:00:00Z"), detail: { kind: "mobile" } },
  // long ago
  { type: "login.failed", at: at("2026-10-01T12:00:00Z") },
];

const zero = (start: number): DashboardBucket => ({
  start,
  browserSignIns: 0,
  appSignIns: 0,
  failedSignIns: 0,
  throttledSignIns: 0,
  sessionsEnded: 0,
  tokenReuse: 0,
  suspicious: 0,
});

/** Every bucket of the range zero except those given (by their start). */
function expected(from: number, step: number, count: number, filled: Record<string, Partial<DashboardBucket>>) {
  return Array.from({ length: count }, (_, i) => {
    const start = from + i * step;
    return { ...zero(start), ...filled[new Date(start).toISOString()] };
  });
}

async function seed(db: Database) {
  await db.prisma.auditEvent.createMany({
    data: EVENTS.map((e) => ({ type: e.type, detail: e.detail ?? {}, createdAt: new Date(e.at) })),
  });
  const userId = (await db.prisma.user.create({ data: { email: `dashboard-${randomUUID()}@test.invalid`, passwordHash: "x" } })).id;
  const session = (kind: "browser" | "mobile", createdAgo: number, lastSeenAgo: number, revoked = false) => ({
    id: randomUUID(),
    tokenHash: randomUUID(),
    userId,
    kind,
    createdAt: new Date(NOW - createdAgo),
    lastSeenAt: new Date(NOW - lastSeenAgo),
    rotatedAt: new Date(NOW - lastSeenAgo),
    revokedAt: revoked ? new Date(NOW - MIN) : null,
  });
  await db.prisma.session.createMany({
    data: [
      session("browser", HOUR, MIN),
      session("browser", 2 * HOUR, policy.idleTimeoutMs), // exactly at the idle limit: still live
      session("browser", 2 * HOUR, policy.idleTimeoutMs + 1), // idle, not swept yet
      session("browser", policy.absoluteTimeoutMs + 1, MIN), // past the absolute limit
      session("browser", HOUR, MIN, true), // revoked
      session("mobile", 30 * DAY, DAY),
      session("mobile", 200 * DAY, policy.mobileRefreshIdleMs + 1), // the app was not opened for too long
    ],
  });
}

describe.each([
  ["PostgreSQL", () => freshDatabase(testDatabaseUrl("session_dashboard")).then(openDatabase)],
  ["the embedded PGlite", openEmbeddedDatabase],
])("admin dashboard figures on %s", (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await seed(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("counts the last 24 hours per UTC hour, with zeros for empty hours and nothing outside [range start, now]", async () => {
    const dashboard = await loadDashboard("24h", { db: db.prisma, now: NOW, policy });
    const from = at("2026-12-01T11:00:00Z");
    expect(dashboard.from).toBe(from);
    expect(dashboard.buckets).toEqual(
      expected(from, HOUR, 24, {
        "2026-12-01T11:00:00.000Z": { failedSignIns: 1 },
        "2026-12-02T03:00:00.000Z": { throttledSignIns: 2 },
        "2026-12-02T08:00:00.000Z": { sessionsEnded: 2, tokenReuse: 1, suspicious: 1 },
        "2026-12-02T09:00:00.000Z": { sessionsEnded: 4 },
        "2026-12-02T10:00:00.000Z": { browserSignIns: 3, appSignIns: 1 },
      }),
    );
  });

  it("counts the last 7 days per UTC day, the edges of 26 November included and excluded to the millisecond", async () => {
    const dashboard = await loadDashboard("7d", { db: db.prisma, now: NOW, policy });
    const from = at("2026-11-26T00:00:00Z");
    expect(dashboard.from).toBe(from);
    expect(dashboard.buckets).toEqual(
      expected(from, DAY, 7, {
        "2026-11-26T00:00:00.000Z": { sessionsEnded: 1 },
        "2026-11-28T00:00:00.000Z": { appSignIns: 1 },
        "2026-12-01T00:00:00.000Z": { failedSignIns: 2 },
        "2026-12-02T00:00:00.000Z": {
          browserSignIns: 3,
          appSignIns: 1,
          throttledSignIns: 2,
          sessionsEnded: 6,
          tokenReuse: 1,
          suspicious: 1,
        },
      }),
    );
  });

  it("names the reasons sessions ended for in the activity page's words, most frequent first", async () => {
    const dashboard = await loadDashboard("24h", { db: db.prisma, now: NOW, policy });
    expect(dashboard.endedByReason).toEqual([
      { reason: "signed-out", label: "Signed out", count: 2 },
      { reason: "admin", label: "Session ended by an administrator", count: 1 },
      { reason: "expired-idle", label: "Signed out after inactivity", count: 1 },
      { reason: "some-future-reason", label: "Other (some-future-reason)", count: 1 },
      { reason: "token-reuse", label: "Session ended: an old session key was used again (possible theft)", count: 1 },
    ]);
    const week = await loadDashboard("7d", { db: db.prisma, now: NOW, policy });
    expect(week.endedByReason.find((r) => r.reason === "expired-absolute")?.count).toBe(1);
  });

  it("counts as active only sessions that are neither revoked nor past the policy's idle or absolute limit", async () => {
    const dashboard = await loadDashboard("24h", { db: db.prisma, now: NOW, policy });
    expect(dashboard.active).toEqual({ browser: 2, mobile: 1 });
  });

  it("an empty range is all zeros, not missing rows", async () => {
    const dashboard = await loadDashboard("7d", { db: db.prisma, now: at("2027-06-01T00:00:00Z"), policy });
    expect(dashboard.buckets).toEqual(expected(at("2027-05-26T00:00:00Z"), DAY, 7, {}));
    expect(dashboard.endedByReason).toEqual([]);
  });
});
