import type { Redis } from "ioredis";
import type { ExpiryLimits, RevokeReason, SessionStore, StoredSession, TokenRotation } from "../types";

/**
 * A Redis hot copy in front of a system-of-record store (PostgreSQL).
 *
 * Reads try Redis first and fall back to the primary, repopulating Redis; writes go to the primary
 * first, then Redis, with the record exactly as the primary returned it after the write. A record
 * is cached under its current token hash and under the token it replaced, so a replaced token is
 * recognised from Redis too (inside its grace window it works; after it, it is evidence of theft).
 *
 * Writers race: another request or app server may write a copy it read a moment before a rotation
 * or a revocation. So every write goes through a script that never replaces a revoked record (a
 * tombstone) and never replaces a record with one from an earlier rotation or of older activity.
 * Any Redis error is reported through `onError` and the primary answers: Redis is an accelerator,
 * never the authority.
 */
export interface RedisCacheOptions {
  keyPrefix?: string;
  /** upper bound on how long a hot copy or tombstone lives */
  ttlMs?: number;
  onError?: (error: unknown) => void;
  /** which layer answered a lookup by token: the hot copy, or the primary behind it */
  onRead?: (layer: "redis" | "db") => void;
}

// KEYS[1] the token key; ARGV: record JSON, TTL ms, its rotatedAt, its lastSeenAt
const SET_UNLESS_STALE = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, cached = pcall(cjson.decode, current)
  if ok and type(cached) == 'table' then
    if cached.revokedAt ~= cjson.null then return 0 end
    local rotatedAt, lastSeenAt = tonumber(ARGV[3]), tonumber(ARGV[4])
    if type(cached.rotatedAt) == 'number' and type(cached.lastSeenAt) == 'number' then
      if cached.rotatedAt > rotatedAt then return 0 end
      if cached.rotatedAt == rotatedAt and cached.lastSeenAt > lastSeenAt then return 0 end
    end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

type ScriptedRedis = Redis & { setUnlessStale(key: string, json: string, ttlMs: number, rotatedAt: number, lastSeenAt: number): Promise<number> };

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
  private readonly onRead: (layer: "redis" | "db") => void;

  constructor(private readonly primary: SessionStore, redis: Redis, options: RedisCacheOptions = {}) {
    if (!("setUnlessStale" in redis)) redis.defineCommand("setUnlessStale", { numberOfKeys: 1, lua: SET_UNLESS_STALE });
    this.redis = redis as ScriptedRedis;
    this.prefix = options.keyPrefix ?? "sess:";
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.onError = options.onError ?? (() => {});
    this.onRead = options.onRead ?? (() => {});
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

  /** Caches a live record under its current token hash and under the one it replaced. */
  private async cache(s: StoredSession) {
    if (s.revokedAt !== null) return this.tombstone(s);
    const json = JSON.stringify(s);
    await this.safely(async () => {
      const pipeline = this.redis.pipeline() as unknown as ScriptedRedis & { exec(): Promise<[Error | null, unknown][] | null> };
      for (const hash of [s.tokenHash, s.previousTokenHash]) {
        if (hash) pipeline.setUnlessStale(this.tokenKey(hash), json, this.ttlMs, s.rotatedAt, s.lastSeenAt);
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
    const cached = hit ? (JSON.parse(hit) as StoredSession) : null;
    // A current token or a tombstone is answered from Redis. A replaced token is asked of the primary:
    // the copy under its key may predate later rotations (a token spent two rotations ago would look
    // like one inside its grace window), and such requests are rare (parallel requests at a rotation).
    if (cached && (cached.tokenHash === tokenHash || cached.revokedAt !== null)) {
      this.onRead("redis");
      return cached;
    }
    this.onRead("db");
    const found = await this.primary.findByTokenHash(tokenHash);
    if (found) await this.cache(found);
    else if (cached) await this.safely(() => this.redis.del(this.tokenKey(tokenHash)), 0);
    return found;
  }

  get(id: string) {
    return this.primary.get(id);
  }

  // only unknown tokens are looked up here (attacks, old apps): not worth a cached copy
  findSpent(tokenHash: string) {
    return this.primary.findSpent(tokenHash);
  }

  async touch(id: string, lastSeenAt: number) {
    const touched = await this.primary.touch(id, lastSeenAt);
    if (touched) await this.cache(touched);
    return touched;
  }

  async rotate(id: string, rotation: TokenRotation) {
    const rotated = await this.primary.rotate(id, rotation);
    if (rotated) {
      const s = await this.primary.get(id);
      if (s) await this.cache(s);
    }
    return rotated;
  }

  // the cached copy may keep an older lastMismatch: that only ever repeats an audit note, never skips one
  noteMismatch(id: string, signature: string) {
    return this.primary.noteMismatch(id, signature);
  }

  async revoke(id: string, reason: RevokeReason, at: number) {
    const revoked = await this.primary.revoke(id, reason, at);
    if (revoked) await this.tombstone(revoked);
    return revoked;
  }

  async revokeUser(userId: string, reason: RevokeReason, at: number, exceptId?: string) {
    const ended = await this.primary.revokeUser(userId, reason, at, exceptId);
    for (const s of ended) await this.tombstone(s);
    return ended;
  }

  async revokeExpired(limits: ExpiryLimits, at: number, limit: number) {
    const ended = await this.primary.revokeExpired(limits, at, limit);
    for (const s of ended) await this.tombstone(s);
    return ended;
  }

  listLive(userId: string) {
    return this.primary.listLive(userId);
  }
}
