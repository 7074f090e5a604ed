import type { Redis } from "ioredis";
import type { RevokeReason, SessionStore, StoredSession, TokenRotation } from "../types";

/**
 * A Redis hot copy in front of a system-of-record store (PostgreSQL).
 *
 * Reads try Redis first and fall back to the primary, repopulating Redis; writes go to the primary
 * first, then Redis. A revocation leaves a tombstone (the record with revokedAt set) instead of
 * deleting the key, and every other write goes through a script that never overwrites a tombstone,
 * so a slow repopulation or touch racing a revocation cannot bring a revoked session back.
 * Any Redis error is reported through `onError` and the primary answers: Redis is an accelerator,
 * never the authority.
 */
export interface RedisCacheOptions {
  keyPrefix?: string;
  /** upper bound on how long a hot copy or tombstone lives */
  ttlMs?: number;
  onError?: (error: unknown) => void;
}

const SET_UNLESS_REVOKED = `
local current = redis.call('GET', KEYS[1])
if current and string.find(current, '"revokedAt":null', 1, true) == nil then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

type ScriptedRedis = Redis & { setUnlessRevoked(key: string, json: string, ttlMs: number): Promise<number> };

/** pipeline.exec() resolves even when its commands fail; surface the first failure so onError sees it. */
async function execOrThrow(pipeline: { exec(): Promise<[Error | null, unknown][] | null> }) {
  const failed = (await pipeline.exec())?.find(([error]) => error);
  if (failed) throw failed[0];
}

export class RedisCachedSessionStore implements SessionStore {
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly onError: (error: unknown) => void;

  constructor(private readonly primary: SessionStore, redis: Redis, options: RedisCacheOptions = {}) {
    if (!("setUnlessRevoked" in redis)) redis.defineCommand("setUnlessRevoked", { numberOfKeys: 1, lua: SET_UNLESS_REVOKED });
    this.redis = redis as ScriptedRedis;
    this.prefix = options.keyPrefix ?? "sess:";
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.onError = options.onError ?? (() => {});
  }

  private tokenKey = (hash: string) => `${this.prefix}tok:${hash}`;
  private userKey = (userId: string) => `${this.prefix}user:${userId}`;

  private async safely<T>(op: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await op();
    } catch (error) {
      this.onError(error);
      return fallback;
    }
  }

  /** Caches a live record under its current (and, inside the grace window, previous) token hash. */
  private async cache(s: StoredSession) {
    if (s.revokedAt !== null) return this.tombstone(s);
    const json = JSON.stringify(s);
    await this.safely(async () => {
      const pipeline = this.redis.pipeline() as unknown as ScriptedRedis & { exec(): Promise<unknown> };
      pipeline.setUnlessRevoked(this.tokenKey(s.tokenHash), json, this.ttlMs);
      const graceLeft = (s.previousTokenGraceUntil ?? 0) - Date.now();
      if (s.previousTokenHash && graceLeft > 0) {
        // after the grace window the old hash falls through to the primary, which reports reuse
        pipeline.setUnlessRevoked(this.tokenKey(s.previousTokenHash), json, Math.min(graceLeft, this.ttlMs));
      } else if (s.previousTokenHash) {
        // grace already over: drop the pre-rotation copy, or the old token would still read as current
        pipeline.del(this.tokenKey(s.previousTokenHash));
      }
      pipeline.sadd(this.userKey(s.userId), s.tokenHash);
      pipeline.pexpire(this.userKey(s.userId), this.ttlMs);
      await execOrThrow(pipeline);
    }, undefined);
  }

  private async tombstone(s: StoredSession) {
    const json = JSON.stringify(s);
    await this.safely(async () => {
      const hashes = [s.tokenHash, s.previousTokenHash].filter((h): h is string => Boolean(h));
      const pipeline = this.redis.pipeline();
      for (const h of hashes) pipeline.set(this.tokenKey(h), json, "PX", this.ttlMs);
      pipeline.srem(this.userKey(s.userId), ...hashes);
      await execOrThrow(pipeline);
    }, undefined);
  }

  async create(s: StoredSession) {
    await this.primary.create(s);
    await this.cache(s);
  }

  async findByTokenHash(tokenHash: string) {
    const hit = await this.safely(() => this.redis.get(this.tokenKey(tokenHash)), null);
    if (hit) return JSON.parse(hit) as StoredSession;
    const found = await this.primary.findByTokenHash(tokenHash);
    // only the current token is repopulated: a previous token must keep reaching the primary
    if (found && found.tokenHash === tokenHash) await this.cache(found);
    return found;
  }

  get(id: string) {
    return this.primary.get(id);
  }

  async touch(id: string, lastSeenAt: number) {
    await this.primary.touch(id, lastSeenAt);
    const s = await this.primary.get(id);
    if (s) await this.cache(s);
  }

  async rotate(id: string, rotation: TokenRotation) {
    const rotated = await this.primary.rotate(id, rotation);
    if (rotated) {
      const s = await this.primary.get(id);
      if (s) await this.cache(s);
    }
    return rotated;
  }

  async revoke(id: string, reason: RevokeReason, at: number) {
    const before = await this.primary.revoke(id, reason, at);
    if (before) await this.tombstone({ ...before, revokedAt: at, revokedReason: reason });
    return before;
  }

  async revokeUser(userId: string, reason: RevokeReason, at: number, exceptId?: string) {
    const ended = await this.primary.revokeUser(userId, reason, at, exceptId);
    for (const s of ended) await this.tombstone({ ...s, revokedAt: at, revokedReason: reason });
    return ended;
  }

  listLive(userId: string) {
    return this.primary.listLive(userId);
  }
}
