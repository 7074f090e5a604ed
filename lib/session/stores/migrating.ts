import { createHash } from "node:crypto";
import type { PrismaClient } from "../../db/generated/client";
import type { ExpiryLimits, RevokeReason, SessionStore, StoredSession, TokenRotation } from "../types";
import { copySessions, copyUsers } from "./migration-copy";
import { MigrationMonitor } from "./migration-monitor";
import type { MigrationPhase } from "./migration-variables";
import { PrismaSessionStore } from "./prisma";

/**
 * The system of record while it moves to another database with sessions live, phase by phase (the
 * source's zero-downtime plan; README "Moving the session store"):
 *
 * - shadow: the old store answers every read; every write is applied to it and then mirrored;
 * - dual: both stores are read and compared, a difference is reported, the old store's answer used;
 * - switch: `percent` of reads go to the target, by a stable hash of the lookup's own key (the token
 *   hash for findByTokenHash and findSpent, since the session is not known before that read; the
 *   session id for get; the user id for listLive). A key's bucket never changes, so raising the
 *   percentage only moves more keys over; writes still go to both, so lowering it is the rollback;
 * - done: the target alone (only the users table is still read from the old database, see below).
 *
 * Every write before done goes to the old store, which stays the system of record until then, and
 * the resulting rows are then mirrored into the target exactly (an upsert of the session as the old
 * store now has it, its new spent token, its user when missing), so whatever a rotation or a
 * revocation made of a session in any phase is what every later phase, and a rollback, reads.
 *
 * A write the target refuses fails the operation (a MigrationWriteError carrying the cause, so an
 * unreachable target is the app's usual 503 "try again"): the old store has it already, the
 * session is read from the old store by this instance until a later write mirrors it, the failure
 * is counted (a rollback trigger on /api/health), and a retry or `npm run sessions:migrate` repairs
 * the target. A target that fails a read in dual or switch is counted too, and the old store answers.
 */
export interface MigratingStoreOptions {
  phase: MigrationPhase;
  /** the share of reads that switch sends to the target, 0–100 */
  percent: number;
  /** the system of record so far (DATABASE_URL or the embedded database) */
  old: PrismaClient;
  /** the database the sessions move to */
  target: PrismaClient;
  monitor?: MigrationMonitor;
  onRead?: (store: "old" | "target") => void;
  onMismatch?: (what: { operation: string; sessionId: string | null; fields: string[] }) => void;
  onWriteFailed?: (error: unknown, sessionIds: string[]) => void;
  onError?: (error: unknown) => void;
}

export class MigrationWriteError extends Error {
  override name = "MigrationWriteError";
}

/** The bucket (0–99) of a key: the first 32 bits of its SHA-256, so every instance agrees. */
export const migrationBucket = (key: string) => createHash("sha256").update(key).digest().readUInt32BE(0) % 100;

/**
 * How long dual waits before each new read of a difference, so that a write still being mirrored
 * (the old store written, the target not yet) is not reported: a real difference lasts, a write in
 * flight settles. 1.5 s in all covers a loaded database; only a read that differs waits.
 */
const RECHECK_MS = [100, 200, 400, 800];

export class MigratingSessionStore implements SessionStore {
  private readonly old: PrismaSessionStore;
  private readonly target: PrismaSessionStore;
  private readonly monitor: MigrationMonitor;
  /** sessions whose last mirror failed: this instance reads them from the old store until one succeeds */
  private readonly unmirrored = new Set<string>();

  constructor(private readonly options: MigratingStoreOptions) {
    this.old = new PrismaSessionStore(options.old);
    this.target = new PrismaSessionStore(options.target);
    this.monitor = options.monitor ?? new MigrationMonitor();
  }

  private readsTarget(key: string) {
    const { phase, percent } = this.options;
    return phase === "done" || (phase === "switch" && migrationBucket(key) < percent);
  }

  /** Runs one store operation, counting it (and its failure) for the error-rate trigger. */
  private async measured<T>(run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.monitor.operation(true);
      return result;
    } catch (error) {
      this.monitor.operation(false);
      throw error;
    }
  }

  private from<T>(store: "old" | "target", read: (s: PrismaSessionStore) => Promise<T>) {
    this.options.onRead?.(store);
    return read(store === "old" ? this.old : this.target);
  }

  /**
   * A read, answered per phase. `sessionOf` names the session an answer belongs to (for the
   * unmirrored set); `differences` compares two answers (dual).
   */
  private async read<T>(
    operation: string,
    key: string,
    read: (s: PrismaSessionStore) => Promise<T>,
    sessionOf: (answer: T) => string | null,
    differences: (a: T, b: T) => string[],
  ): Promise<T> {
    const { phase } = this.options;
    if (phase === "done") return this.from("target", read);
    if (phase === "shadow") return this.from("old", read);
    if (phase === "switch" && this.readsTarget(key)) {
      const answer = await this.from("target", read).catch((error: unknown) => this.targetFailed(error));
      const id = answer === undefined ? null : sessionOf(answer);
      if (answer !== undefined && answer !== null && !(id && this.unmirrored.has(id))) return answer;
      // the target has nothing (or an unmirrored copy): the old store, still the system of record, says
      const fallback = await this.from("old", read);
      if (answer === null && fallback !== null) this.mismatch(operation, sessionOf(fallback), ["missing in target"]);
      return fallback;
    }
    if (phase === "switch") return this.from("old", read);
    // dual: both, compared; a difference is read again, as a write may be between its two stores
    const both = () => Promise.all([this.from("old", read), this.from("target", read).catch((e: unknown) => this.targetFailed(e))]);
    let [answer, other] = await both();
    let fields = other === undefined ? [] : differences(answer, other);
    for (const wait of RECHECK_MS) {
      if (fields.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      [answer, other] = await both();
      fields = other === undefined ? [] : differences(answer, other);
    }
    if (fields.length) this.mismatch(operation, sessionOf(answer) ?? (other === undefined ? null : sessionOf(other)), fields);
    return answer;
  }

  private targetFailed(error: unknown): undefined {
    this.monitor.operation(false);
    this.options.onError?.(error);
    return undefined;
  }

  private mismatch(operation: string, sessionId: string | null, fields: string[]) {
    this.monitor.mismatch();
    this.options.onMismatch?.({ operation, sessionId, fields });
  }

  /**
   * Mirrors sessions into the target as the old store has them now. Each session's advisory lock is
   * held while it is read and written, so of two mirrors of one session the later one reads the
   * later state and the target never ends behind the old store.
   */
  private async mirror(ids: string[], { spent = [] as string[], users = [] as string[] } = {}) {
    const sessionIds = [...new Set(ids)].sort();
    if (sessionIds.length === 0 && users.length === 0) return;
    try {
      await this.options.target.$transaction(async (tx) => {
        for (const id of sessionIds) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${id}, 0))`;
        await copyUsers(this.options.old, tx, users, users);
        await copySessions(this.options.old, tx, sessionIds, spent);
      });
      for (const id of sessionIds) this.unmirrored.delete(id);
    } catch (error) {
      for (const id of sessionIds) this.unmirrored.add(id);
      this.options.onWriteFailed?.(error, sessionIds);
      throw new MigrationWriteError(`the migration target refused a session write (${sessionIds.length} sessions)`, { cause: error });
    }
  }

  /** A write: to the target alone when done, else to the old store and then mirrored when it changed something. */
  private write<T>(
    apply: (s: PrismaSessionStore) => Promise<T>,
    changed: (result: T) => { ids: string[]; spent?: string[]; users?: string[] },
  ): Promise<T> {
    return this.measured(async () => {
      if (this.options.phase === "done") return apply(this.target);
      const result = await apply(this.old);
      const { ids, ...rest } = changed(result);
      await this.mirror(ids, rest);
      return result;
    });
  }

  /** the ids given, and any of them whose last mirror failed (so a retry repairs the target) */
  private dirty(ids: string[]) {
    return ids.filter((id) => this.unmirrored.has(id));
  }

  async create(s: StoredSession) {
    return this.measured(async () => {
      if (this.options.phase === "done") {
        // users still live in the old database until DATABASE_URL moves (README); a new one is copied
        await copyUsers(this.options.old, this.options.target, [s.userId], [s.userId]);
        return this.target.create(s);
      }
      await this.old.create(s);
      await this.mirror([s.id], { users: [s.userId] });
    });
  }

  async findByTokenHash(tokenHash: string) {
    const started = performance.now();
    try {
      return await this.measured(() =>
        this.read("findByTokenHash", tokenHash, (s) => s.findByTokenHash(tokenHash), sessionId, sessionDifferences),
      );
    } finally {
      this.monitor.validation(performance.now() - started);
    }
  }

  get(id: string) {
    return this.measured(() => this.read("get", id, (s) => s.get(id), sessionId, sessionDifferences));
  }

  findSpent(tokenHash: string) {
    return this.measured(() =>
      this.read(
        "findSpent",
        tokenHash,
        (s) => s.findSpent(tokenHash),
        (id) => id,
        (a, b) => (a === b ? [] : ["sessionId"]),
      ),
    );
  }

  listLive(userId: string) {
    return this.measured(() =>
      this.read(
        "listLive",
        userId,
        (s) => s.listLive(userId),
        () => null,
        listDifferences,
      ),
    );
  }

  touch(id: string, lastSeenAt: number) {
    return this.write(
      (s) => s.touch(id, lastSeenAt),
      (touched) => ({ ids: touched ? [id] : this.dirty([id]) }),
    );
  }

  rotate(id: string, rotation: TokenRotation) {
    return this.write(
      (s) => s.rotate(id, rotation),
      (rotated) => (rotated ? { ids: [id], spent: [rotation.expectedTokenHash] } : { ids: this.dirty([id]) }),
    );
  }

  noteMismatch(id: string, signature: string) {
    return this.write(
      (s) => s.noteMismatch(id, signature),
      (noted) => ({ ids: noted ? [id] : this.dirty([id]) }),
    );
  }

  // A revocation is mirrored even when the old store had it already: a retry after a refused mirror repairs the target.
  revoke(id: string, reason: RevokeReason, at: number) {
    return this.write(
      (s) => s.revoke(id, reason, at),
      () => ({ ids: [id] }),
    );
  }

  revokeUser(userId: string, reason: RevokeReason, at: number, exceptId?: string) {
    return this.measured(async () => {
      if (this.options.phase === "done") {
        // a password change or a disabled account reaches the target's copy of the user
        await copyUsers(this.options.old, this.options.target, [userId], [userId]);
        return this.target.revokeUser(userId, reason, at, exceptId);
      }
      // every session the target still has live is mirrored too, so none missed before survives this
      const liveInTarget = await this.options.target.session.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
      const ended = await this.old.revokeUser(userId, reason, at, exceptId);
      await this.mirror([...ended.map((e) => e.id), ...liveInTarget.map((r) => r.id)], { users: [userId] });
      return ended;
    });
  }

  revokeExpired(limits: ExpiryLimits, at: number, limit: number) {
    return this.write(
      (s) => s.revokeExpired(limits, at, limit),
      (ended) => ({ ids: ended.map((e) => e.id) }),
    );
  }

  /** For repairing a Redis hot copy: every write reaches the old store first, so it knows them all until done. */
  changedSince(window: { endedSince: number; usedSince: number | null }, limit: number) {
    return (this.options.phase === "done" ? this.target : this.old).changedSince(window, limit);
  }
}

const sessionId = (s: StoredSession | null) => s?.id ?? null;

function sessionDifferences(a: StoredSession | null, b: StoredSession | null): string[] {
  if (a === null || b === null) return a === b ? [] : [a === null ? "missing in old" : "missing in target"];
  return (Object.keys(a) as (keyof StoredSession)[]).filter((k) => a[k] !== b[k]);
}

function listDifferences(a: StoredSession[], b: StoredSession[]): string[] {
  const byId = new Map(b.map((s) => [s.id, s]));
  if (a.length !== b.length || a.some((s) => !byId.has(s.id))) return ["sessions"];
  return [...new Set(a.flatMap((s) => sessionDifferences(s, byId.get(s.id)!)))];
}
