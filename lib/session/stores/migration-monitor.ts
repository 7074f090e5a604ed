/**
 * The rollback triggers of the source's zero-downtime plan, watched over a recent window while the
 * session store moves: store operations failing more than 1% of the time, validation lookups slower
 * than 50 ms at the 99th percentile, and any mismatch between the two stores. /api/health reports
 * each one that fires, so an operator (or a probe) knows to lower the percentage or go back a phase.
 * Process-local on purpose: each instance reports what it saw, as its health check does for Redis.
 */
export const MIGRATION_TRIGGERS = { errorRate: 0.01, validationP99Ms: 50 } as const;

const ERROR_WINDOW_MS = 5 * 60_000;
const LATENCY_WINDOW_MS = 60_000;
const LATENCY_SAMPLES = 2_000;
/** a 99th percentile of fewer lookups is their slowest one (a cold connection after a restart), not a trend */
const MIN_LATENCY_SAMPLES = 100;

interface Second {
  operations: number;
  errors: number;
  mismatches: number;
}

export class MigrationMonitor {
  /** counts per second of the window, keyed by the second */
  private readonly seconds = new Map<number, Second>();
  private readonly latencies: { at: number; ms: number }[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  private second(): Second {
    const key = Math.floor(this.now() / 1_000);
    let s = this.seconds.get(key);
    if (!s) {
      s = { operations: 0, errors: 0, mismatches: 0 };
      this.seconds.set(key, s);
      for (const old of this.seconds.keys()) if (old * 1_000 < this.now() - ERROR_WINDOW_MS) this.seconds.delete(old);
    }
    return s;
  }

  operation(ok: boolean) {
    const s = this.second();
    s.operations++;
    if (!ok) s.errors++;
  }

  mismatch() {
    this.second().mismatches++;
  }

  validation(ms: number) {
    this.latencies.push({ at: this.now(), ms });
    if (this.latencies.length > LATENCY_SAMPLES) this.latencies.splice(0, this.latencies.length - LATENCY_SAMPLES);
  }

  /** The triggers that fire now, each as a sentence with its figure; empty when all is well. */
  reasons(): string[] {
    const since = this.now() - ERROR_WINDOW_MS;
    let operations = 0;
    let errors = 0;
    let mismatches = 0;
    for (const [key, s] of this.seconds) {
      if (key * 1_000 < since) continue;
      operations += s.operations;
      errors += s.errors;
      mismatches += s.mismatches;
    }
    const reasons: string[] = [];
    if (errors > 0 && errors / operations > MIGRATION_TRIGGERS.errorRate) {
      reasons.push(`store errors: ${errors} of ${operations} operations in the last 5 minutes (over 1%)`);
    }
    const recent = this.latencies.filter((l) => l.at >= this.now() - LATENCY_WINDOW_MS).map((l) => l.ms);
    if (recent.length >= MIN_LATENCY_SAMPLES) {
      recent.sort((a, b) => a - b);
      const p99 = recent[Math.ceil(recent.length * 0.99) - 1]!;
      if (p99 > MIGRATION_TRIGGERS.validationP99Ms) {
        reasons.push(`validation latency: p99 ${Math.round(p99)} ms over the last minute (over 50 ms)`);
      }
    }
    if (mismatches > 0) reasons.push(`mismatches: ${mismatches} between the old store and the target in the last 5 minutes`);
    return reasons;
  }
}

const KEY = Symbol.for("next-session-secure.migration-monitor");
type Holder = { [KEY]?: MigrationMonitor };

/** This process's monitor (one per process: Next bundles server code into several chunks). */
export function migrationMonitor(): MigrationMonitor {
  const holder = globalThis as Holder;
  holder[KEY] ??= new MigrationMonitor();
  return holder[KEY];
}
