import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { getDatabase } from "./db/connection";
import { httpResponses } from "./http/response-metrics";
import { ENDING_EVENTS } from "./session/reasons";
import type { AuditEvent, AuditLog } from "./session/types";

/**
 * Prometheus metrics (prom-client), served at /api/metrics behind METRICS_TOKEN. Session lifecycle
 * counts come from the audit trail (every creation, ending and failed sign-in is an audit event), so
 * they cannot disagree with it. Labels carry kinds and reasons only: never a user, token or address.
 * The alerting rules and the Grafana dashboard over these are in deploy/ (deploy/prometheus/README.md);
 * a unit test (lib/metrics-dashboards.test.ts) checks that they name only metrics registered here.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "session_lab_" });
  const m = {
    registry,
    sessionsCreated: new Counter({
      name: "sessions_created_total",
      help: "Sessions created, by kind",
      labelNames: ["kind"],
      registers: [registry],
    }),
    sessionsEnded: new Counter({
      name: "sessions_ended_total",
      help: "Sessions ended, by kind and reason",
      labelNames: ["kind", "reason"],
      registers: [registry],
    }),
    validations: new Counter({
      name: "session_validations_total",
      help: "Session validations, by kind and result",
      labelNames: ["kind", "result"],
      registers: [registry],
    }),
    // The cache hit ratio is a rule over this counter (hits: memory + redis, misses: db), not counters
    // of its own: each lookup is counted once, by the layer that answered it, so hits and misses cannot
    // disagree with it. Its layers are never pre-set to 0: a "redis" series exists only where Redis has
    // answered a lookup, which is how the SessionCacheHitRateLow alert tells a deployment with Redis
    // from one without (PostgreSQL alone, or the embedded database with its in-process cache).
    storeReads: new Counter({
      name: "session_store_reads_total",
      help: "Session lookups by token, by the layer that answered (memory, redis, db)",
      labelNames: ["layer"],
      registers: [registry],
    }),
    validationSeconds: new Histogram({
      name: "session_validation_seconds",
      help: "Time to validate a session against the store",
      labelNames: ["kind"],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers: [registry],
    }),
    activeSessions: new Gauge({
      name: "sessions_active",
      help: "Live (not ended) sessions, by kind",
      labelNames: ["kind"],
      registers: [registry],
    }),
    loginFailures: new Counter({
      name: "login_failures_total",
      help: "Failed password checks, by purpose",
      labelNames: ["purpose"],
      registers: [registry],
    }),
    loginThrottled: new Counter({
      name: "login_throttled_total",
      help: "Password checks refused by throttling, by purpose",
      labelNames: ["purpose"],
      registers: [registry],
    }),
    rotationsSkipped: new Counter({
      name: "session_rotations_skipped_total",
      help: "Token rotations that were due but skipped because the middleware could not reach the Node side (per-session back-off)",
      registers: [registry],
    }),
    migrationReads: new Counter({
      name: "session_store_migration_reads_total",
      help: "Reads of the system of record while it moves (SESSION_STORE_MIGRATION), by the store read (old, target)",
      labelNames: ["store"],
      registers: [registry],
    }),
    migrationMismatches: new Counter({
      name: "session_store_migration_mismatches_total",
      help: "Answers of the old store and the migration target that differed (a rollback trigger), by store operation",
      labelNames: ["operation"],
      registers: [registry],
    }),
    migrationWriteFailures: new Counter({
      name: "session_store_migration_write_failures_total",
      help: "Writes the migration target refused; each failed its request, the old store kept it",
      registers: [registry],
    }),
    adoptions: new Counter({
      name: "session_adoptions_total",
      help: "Requests carrying another system's session and none of ours (lib/adoption), by source and outcome (adopted, read-only, or why it was signed out)",
      labelNames: ["source", "outcome"],
      registers: [registry],
    }),
    outboxDeliveries: new Counter({
      name: "outbox_deliveries_total",
      help: "Security emails and webhooks handled by this instance's outbox worker, by channel and outcome (sent, skipped, retry, failed)",
      labelNames: ["channel", "outcome"],
      registers: [registry],
    }),
    consentDecisions: new Counter({
      name: "consent_decisions_total",
      help: "Cookie consent decisions, by category and choice",
      labelNames: ["category", "choice"],
      registers: [registry],
    }),
    // made by the front server (server.ts), which cannot import this module: lib/http/response-metrics.ts
    httpResponses: httpResponses(),
  };
  registry.registerMetric(m.httpResponses);
  // The series the alerts watch start at 0: Prometheus sees no increase in a series whose first
  // sample is already 1, so the first token reuse or store error would otherwise go unnoticed.
  for (const kind of KINDS) {
    m.sessionsEnded.inc({ kind, reason: "token-reuse" }, 0);
    m.validations.inc({ kind, result: "error" }, 0);
  }
  for (const purpose of PURPOSES) {
    m.loginFailures.inc({ purpose }, 0);
    m.loginThrottled.inc({ purpose }, 0);
  }
  return m;
}

const KINDS = ["browser", "mobile"] as const;
/** Purpose in lib/auth/credentials.ts (lib/metrics.test.ts keeps the two equal). */
export const PURPOSES = ["sign-in", "app-sign-in", "elevation", "step-up", "password-change"] as const;

const KEY = Symbol.for("next-session-secure.metrics");
type Holder = { [KEY]?: ReturnType<typeof createMetrics> };
export function metrics() {
  const holder = globalThis as Holder;
  holder[KEY] ??= createMetrics();
  return holder[KEY];
}

const label = (v: unknown, fallback: string) => (typeof v === "string" && /^[\w.:-]{1,40}$/.test(v) ? v : fallback);

/** An audit log that also counts what it records. */
export class CountingAuditLog implements AuditLog {
  constructor(private readonly inner: AuditLog) {}
  async record(e: AuditEvent) {
    await this.inner.record(e);
    const m = metrics();
    const detail = e.detail ?? {};
    if (e.type === "session.created") m.sessionsCreated.inc({ kind: label(detail.kind, "browser") });
    else if (ENDING_EVENTS.has(e.type)) {
      m.sessionsEnded.inc({ kind: label(detail.kind, "browser"), reason: label(detail.reason, e.type) });
    } else if (e.type === "login.failed") m.loginFailures.inc({ purpose: label(detail.purpose, "sign-in") });
    else if (e.type === "login.throttled") m.loginThrottled.inc({ purpose: label(detail.purpose, "sign-in") });
  }
}

/**
 * Times a validation and counts its result: "ok", the reason of a refusal (a bad, ended or expired
 * token: the store answered), or "error" when the validation threw (the store could not answer:
 * PostgreSQL unreachable, a bug), which the SessionValidationErrors alert watches. Failed ones are
 * timed too: a lookup that waited for a timeout is latency the request paid.
 */
export async function observeValidation<T extends { ok: boolean; reason?: string }>(
  kind: "browser" | "mobile",
  run: () => Promise<T>,
): Promise<T> {
  const end = metrics().validationSeconds.startTimer({ kind });
  let result: T;
  try {
    result = await run();
  } catch (error) {
    end();
    metrics().validations.inc({ kind, result: "error" });
    throw error;
  }
  end();
  metrics().validations.inc({ kind, result: result.ok ? "ok" : label(result.reason, "refused") });
  return result;
}

/** Sets the live-session gauge from PostgreSQL (at each scrape); on failure it keeps its last value. */
export async function countActiveSessions(): Promise<void> {
  const { prisma } = await getDatabase();
  const live = await prisma.session.groupBy({ by: ["kind"], where: { revokedAt: null }, _count: { _all: true } });
  const gauge = metrics().activeSessions;
  gauge.reset();
  for (const kind of ["browser", "mobile"] as const) gauge.set({ kind }, live.find((r) => r.kind === kind)?._count._all ?? 0);
}
