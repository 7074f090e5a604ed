import { getDatabase } from "../db/connection";
import { Prisma, type PrismaClient } from "../db/generated/client";
import { messagesFor } from "../i18n";
import type { Lang } from "../i18n/lang";
import { getSessionConfig } from "../session/config";
import type { SessionPolicy } from "../session/policy";
import { ENDING_EVENTS, isRevokeReason } from "../session/reasons";

/**
 * The admin dashboard's figures: what the audit trail says happened in the last 24 hours (hourly)
 * or 7 days (daily), and how many sessions are live now. Only the admin page calls this, behind
 * `requireAdmin()` and the elevation check (app/admin/page.tsx). The figures are counts by type,
 * kind and reason: no user, address or device ever leaves this module.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DASHBOARD_RANGES = {
  "24h": { bucketMs: HOUR, buckets: 24, step: "1 hour" },
  "7d": { bucketMs: DAY, buckets: 7, step: "1 day" },
} as const;
export type DashboardRange = keyof typeof DASHBOARD_RANGES;

/** `?range=` as the page receives it; anything else is the default, never an error. */
export function parseDashboardRange(value: string | string[] | undefined): DashboardRange {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "7d" ? "7d" : "24h";
}

export interface DashboardBucket {
  /** start of the hour or day (UTC), epoch ms */
  start: number;
  browserSignIns: number;
  appSignIns: number;
  failedSignIns: number;
  throttledSignIns: number;
  sessionsEnded: number;
  tokenReuse: number;
  suspicious: number;
}

export interface EndedByReason {
  /** the reason as recorded (detail.reason); null when the event has none */
  reason: string | null;
  /** its words on the activity page, in the dashboard's language, or the recorded value for a reason this version does not know */
  label: string;
  count: number;
}

export interface Dashboard {
  range: DashboardRange;
  /** the first bucket's start and the clock the figures were taken at (epoch ms): the range is [from, now] */
  from: number;
  now: number;
  bucketMs: number;
  buckets: DashboardBucket[];
  endedByReason: EndedByReason[];
  /** live sessions now: not revoked and within the policy's limits, by kind */
  active: { browser: number; mobile: number };
}

/**
 * Buckets are whole UTC hours or days, the last one being the current (partial) hour or day, so a
 * bar means the same hour on every reload. Epoch milliseconds are UTC-aligned, so flooring them is
 * the UTC boundary; the database bins with `date_bin` from that same origin rather than `date_trunc`,
 * whose result depends on the connection's TimeZone setting.
 */
export function dashboardWindow(range: DashboardRange, now: number) {
  const { bucketMs, buckets, step } = DASHBOARD_RANGES[range];
  const from = Math.floor(now / bucketMs) * bucketMs - (buckets - 1) * bucketMs;
  return { from, last: from + (buckets - 1) * bucketMs, bucketMs, step };
}

const ENDING = [...ENDING_EVENTS];
const COUNTED = ["session.created", "login.failed", "login.throttled", "session.suspicious", ...ENDING];

type BucketRow = {
  start: Date;
  browser_sign_ins: number;
  app_sign_ins: number;
  failed: number;
  throttled: number;
  ended: number;
  reuse: number;
  suspicious: number;
};

/**
 * One pass over the range's events (bounded by `created_at`, so the cost follows the range's events,
 * not the table), grouped per bucket, type and kind; `generate_series` supplies every bucket, so an
 * hour without events is a row of zeros rather than a gap.
 */
async function countBuckets(db: PrismaClient, range: DashboardRange, now: number): Promise<DashboardBucket[]> {
  const { from, last, step } = dashboardWindow(range, now);
  const start = new Date(from).toISOString();
  const rows = await db.$queryRaw<BucketRow[]>`
    SELECT b.start,
      coalesce(sum(c.n) FILTER (WHERE c.type = 'session.created' AND c.kind IS DISTINCT FROM 'mobile'), 0)::int AS browser_sign_ins,
      coalesce(sum(c.n) FILTER (WHERE c.type = 'session.created' AND c.kind = 'mobile'), 0)::int AS app_sign_ins,
      coalesce(sum(c.n) FILTER (WHERE c.type = 'login.failed'), 0)::int AS failed,
      coalesce(sum(c.n) FILTER (WHERE c.type = 'login.throttled'), 0)::int AS throttled,
      coalesce(sum(c.n) FILTER (WHERE c.type IN (${Prisma.join(ENDING)})), 0)::int AS ended,
      coalesce(sum(c.n) FILTER (WHERE c.type = 'session.reuse-detected'), 0)::int AS reuse,
      coalesce(sum(c.n) FILTER (WHERE c.type = 'session.suspicious'), 0)::int AS suspicious
    FROM generate_series(${start}::timestamptz, ${new Date(last).toISOString()}::timestamptz, ${step}::interval) AS b(start)
    LEFT JOIN (
      SELECT date_bin(${step}::interval, created_at, ${start}::timestamptz) AS start, type, detail->>'kind' AS kind, count(*) AS n
      FROM audit_events
      WHERE created_at >= ${start}::timestamptz AND created_at <= ${new Date(now).toISOString()}::timestamptz
        AND type IN (${Prisma.join(COUNTED)})
      GROUP BY 1, 2, 3
    ) c ON c.start = b.start
    GROUP BY b.start
    ORDER BY b.start`;
  return rows.map((r) => ({
    start: new Date(r.start).getTime(),
    browserSignIns: r.browser_sign_ins,
    appSignIns: r.app_sign_ins,
    failedSignIns: r.failed,
    throttledSignIns: r.throttled,
    sessionsEnded: r.ended,
    tokenReuse: r.reuse,
    suspicious: r.suspicious,
  }));
}

/** Sessions ended in the range by reason, most frequent first, labelled with the activity page's words. */
async function countEndings(db: PrismaClient, range: DashboardRange, now: number, lang: Lang): Promise<EndedByReason[]> {
  const { from } = dashboardWindow(range, now);
  const rows = await db.$queryRaw<{ reason: string | null; n: number }[]>`
    SELECT detail->>'reason' AS reason, count(*)::int AS n
    FROM audit_events
    WHERE created_at >= ${new Date(from).toISOString()}::timestamptz AND created_at <= ${new Date(now).toISOString()}::timestamptz
      AND type IN (${Prisma.join(ENDING)})
    GROUP BY 1
    ORDER BY n DESC, reason`;
  return rows.map(({ reason, n }) => ({ reason, label: reasonLabel(reason, lang), count: n }));
}

export function reasonLabel(reason: string | null, lang: Lang): string {
  const t = messagesFor(lang);
  if (isRevokeReason(reason)) return t.account.activity.ended[reason];
  return reason ? t.admin.dashboard.otherReason(reason) : t.admin.dashboard.noReason;
}

/**
 * Live sessions by kind: not revoked and within the limits the expiry sweep applies
 * (lib/session/endings.ts), so a session past its limit the sweep has not reached yet is not
 * counted. (The `sessions_active` gauge of lib/metrics.ts counts unrevoked sessions only.)
 */
export async function countLiveSessions(db: PrismaClient, policy: SessionPolicy, now: number) {
  const since = (ms: number) => new Date(now - ms);
  const [browser, mobile] = await Promise.all([
    db.session.count({
      where: {
        kind: "browser",
        revokedAt: null,
        lastSeenAt: { gte: since(policy.idleTimeoutMs) },
        createdAt: { gte: since(policy.absoluteTimeoutMs) },
      },
    }),
    db.session.count({
      where: {
        kind: "mobile",
        revokedAt: null,
        lastSeenAt: { gte: since(policy.mobileRefreshIdleMs) },
        ...(policy.mobileRefreshAbsoluteMs > 0 ? { createdAt: { gte: since(policy.mobileRefreshAbsoluteMs) } } : {}),
      },
    }),
  ]);
  return { browser, mobile };
}

export interface DashboardOptions {
  now?: number;
  db?: PrismaClient;
  policy?: SessionPolicy;
  /** the language of the reasons' labels (English unless given) */
  lang?: Lang;
}

export async function loadDashboard(range: DashboardRange, options: DashboardOptions = {}): Promise<Dashboard> {
  const now = options.now ?? Date.now();
  const db = options.db ?? (await getDatabase()).prisma;
  const policy = options.policy ?? getSessionConfig().policy;
  const [buckets, endedByReason, active] = await Promise.all([
    countBuckets(db, range, now),
    countEndings(db, range, now, options.lang ?? "en"),
    countLiveSessions(db, policy, now),
  ]);
  const { from, bucketMs } = dashboardWindow(range, now);
  return { range, from, now, bucketMs, buckets, endedByReason, active };
}
