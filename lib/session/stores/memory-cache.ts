import { LRUCache } from "lru-cache";
import type { ExpiryLimits, RevokeReason, SessionStore, StoredSession, TokenRotation } from "../types";

/**
 * Tells every app instance which sessions changed, so each can drop its in-memory copies at once.
 * `live` is true only while changes are being received: a cache that might have missed one must not
 * answer. `reset` is called whenever that may have happened (a lost or stalled connection).
 */
export interface InvalidationBus {
  readonly live: boolean;
  publish(sessionIds: string[]): Promise<void>;
  subscribe(listener: { invalidate(sessionIds: string[]): void; reset(): void }): void;
}

/**
 * For a database only this process can reach (the embedded PGlite): every change goes through this
 * process, so dropping the copy here is all there is to do.
 */
export const singleProcessBus: InvalidationBus = { live: true, publish: async () => {}, subscribe: () => {} };

export interface MemoryCacheOptions {
  /** most sessions kept (least recently used go first) */
  max?: number;
  /** longest a copy is kept, whatever the bus says */
  ttlMs?: number;
  /** a publish failed: other instances may keep a changed session until their copy's TTL */
  onError?: (error: unknown) => void;
  /** a lookup by token was answered from memory */
  onHit?: () => void;
}

/** How many recent invalidations are remembered to catch reads that raced them (see `changedSince`). */
const REMEMBERED_INVALIDATIONS = 10_000;

/**
 * The first layer of the hot path: recently validated sessions in this process's memory, in front
 * of the Redis hot copy and PostgreSQL. Every write here drops the session's copy at once and tells
 * every other instance through the bus; while the bus is not live nothing is served from memory. So
 * the bound on how long a revoked session still works anywhere is the bus latency, not a TTL.
 *
 * A read races writes: this instance may fetch a copy just before another instance revokes it and
 * hear of the revocation before the copy is stored. Each invalidation therefore gets a sequence
 * number, and a copy fetched before an invalidation of its session is not stored.
 */
export class MemoryCachedSessionStore implements SessionStore {
  private readonly records: LRUCache<string, StoredSession>;
  /** token hash → session id; a stale entry only ever misses, since the record is checked */
  private readonly tokens: LRUCache<string, string>;
  private seq = 0;
  /** invalidations older than this are forgotten: a read that started before it is not stored */
  private floor = 0;
  private readonly recent = new Map<string, number>();
  private readonly onError: (error: unknown) => void;
  private readonly onHit: () => void;

  constructor(
    private readonly inner: SessionStore,
    private readonly bus: InvalidationBus,
    options: MemoryCacheOptions = {},
  ) {
    const max = options.max ?? 10_000;
    const ttl = options.ttlMs ?? 30_000;
    this.records = new LRUCache({ max, ttl });
    this.tokens = new LRUCache({ max: max * 2, ttl });
    this.onError = options.onError ?? (() => {});
    this.onHit = options.onHit ?? (() => {});
    bus.subscribe({
      invalidate: (ids) => this.drop(ids),
      reset: () => {
        this.floor = ++this.seq;
        this.recent.clear();
        this.records.clear();
        this.tokens.clear();
      },
    });
  }

  /** the copy a lookup may use: the session's current token, or any token of an ended session */
  private cached(tokenHash: string): StoredSession | null {
    if (!this.bus.live) return null;
    const id = this.tokens.get(tokenHash);
    const s = id ? this.records.get(id) : undefined;
    if (!s || (s.tokenHash !== tokenHash && s.revokedAt === null)) return null;
    return { ...s };
  }

  private changedSince(id: string, start: number) {
    return this.floor > start || (this.recent.get(id) ?? 0) > start;
  }

  private keep(s: StoredSession | null, start: number) {
    if (!s || !this.bus.live || this.changedSince(s.id, start)) return;
    this.records.set(s.id, { ...s });
    this.tokens.set(s.tokenHash, s.id);
    if (s.revokedAt !== null && s.previousTokenHash) this.tokens.set(s.previousTokenHash, s.id);
  }

  private drop(ids: string[]) {
    for (const id of ids) {
      this.records.delete(id);
      this.recent.delete(id);
      this.recent.set(id, ++this.seq);
    }
    while (this.recent.size > REMEMBERED_INVALIDATIONS) {
      const [oldest, at] = this.recent.entries().next().value!;
      this.recent.delete(oldest);
      this.floor = Math.max(this.floor, at);
    }
  }

  /** After a write: drop the copies here at once, then tell every other instance. */
  private async changed(ids: string[]) {
    if (ids.length === 0) return;
    this.drop(ids);
    try {
      await this.bus.publish(ids);
    } catch (error) {
      this.onError(error);
    }
  }

  async findByTokenHash(tokenHash: string) {
    const hit = this.cached(tokenHash);
    if (hit) {
      this.onHit();
      return hit;
    }
    const start = this.seq;
    const found = await this.inner.findByTokenHash(tokenHash);
    // a replaced token (grace window, or reuse) is not cached: it is rare and must see the latest state
    if (found && (found.tokenHash === tokenHash || found.revokedAt !== null)) this.keep(found, start);
    return found;
  }

  async get(id: string) {
    const s = this.bus.live ? this.records.get(id) : undefined;
    if (s) return { ...s };
    const start = this.seq;
    const found = await this.inner.get(id);
    this.keep(found, start);
    return found;
  }

  async create(s: StoredSession) {
    await this.inner.create(s);
  }

  findSpent(tokenHash: string) {
    return this.inner.findSpent(tokenHash);
  }

  async touch(id: string, lastSeenAt: number) {
    const touched = await this.inner.touch(id, lastSeenAt);
    if (touched) await this.changed([id]);
    return touched;
  }

  async rotate(id: string, rotation: TokenRotation) {
    const rotated = await this.inner.rotate(id, rotation);
    if (rotated) await this.changed([id]);
    // A lost compare-and-set proves the copy here is outdated, and the caller is about to ask what
    // won; the winner may not have announced it yet, so drop the copy here now.
    else this.drop([id]);
    return rotated;
  }

  // lastMismatch is decided by the store behind (compare-and-set); a cached copy never decides it
  noteMismatch(id: string, signature: string) {
    return this.inner.noteMismatch(id, signature);
  }

  async revoke(id: string, reason: RevokeReason, at: number) {
    const revoked = await this.inner.revoke(id, reason, at);
    await this.changed([id]);
    return revoked;
  }

  async revokeUser(userId: string, reason: RevokeReason, at: number, exceptId?: string) {
    const ended = await this.inner.revokeUser(userId, reason, at, exceptId);
    await this.changed(ended.map((s) => s.id));
    return ended;
  }

  async revokeExpired(limits: ExpiryLimits, at: number, limit: number) {
    const ended = await this.inner.revokeExpired(limits, at, limit);
    await this.changed(ended.map((s) => s.id));
    return ended;
  }

  listLive(userId: string) {
    return this.inner.listLive(userId);
  }
}
