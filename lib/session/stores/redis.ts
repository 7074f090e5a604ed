import type { Cluster, Redis } from "ioredis";
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
 *
 * A write that did not reach Redis leaves an outdated copy there (a revoked session still live, a
 * spent token still current). So while `available()` says Redis cannot be trusted (the invalidation
 * bus lost it, or a write just failed: `onWriteFailed`), Redis is neither read nor written, and
 * before it is trusted again `repair(since)` rewrites or drops every copy PostgreSQL changed since
 * the outage began. Every key names one token, so each command touches one key (Cluster-safe).
 */
export interface RedisCacheOptions {
  keyPrefix?: string;
  /** upper bound on how long a hot copy or tombstone lives */
  ttlMs?: number;
  onError?: (error: unknown) => void;
  /** which layer answered a lookup by token: the hot copy, or the primary behind it */
  onRead?: (layer: "redis" | "db") => void;
  /** false while Redis cannot be trusted: it is then not read (default: always true) */
  available?: () => boolean;
  /** false while Redis cannot be reached: it is then not written either (default: `available`) */
  writable?: () => boolean;
  /** a write failed: the copy in Redis may be outdated until repaired */
  onWriteFailed?: () => void;
}

/** What the primary can say about its changes since a time, for repairing Redis after an outage. */
export interface ChangeFeed {
  changedSince(
    window: { endedSince: number; usedSince: number | null },
    limit: number,
  ): Promise<{ sessions: StoredSession[]; spentTokenHashes: string[]; complete: boolean }>;
}

/**
 * The copy is a JSON array in a fixed field order, not an object: the field names would be half of
 * every value (a session then takes ~400 B of Redis memory instead of ~630 B). The first element is
 * the format version; a value in any other format reads as a miss and is rewritten.
 */
const FIELDS = [
  "id",
  "userId",
  "kind",
  "tokenHash",
  "previousTokenHash",
  "previousTokenGraceUntil",
  "userAgent",
  "ipPrefix",
  "deviceLabel",
  "createdAt",
  "lastSeenAt",
  "rotatedAt",
  "elevatedUntil",
  "revokedAt",
  "revokedReason",
  "lastMismatch",
] as const satisfies ReadonlyArray<keyof StoredSession>;
const FORMAT = 1;

/**
 * The key of the copy under a token hash. "tok1": the copy's format (encodeSession); a release with
 * another format uses other keys, so two releases side by side during a rolling deploy never misread
 * each other's copies.
 */
export const hotCopyKey = (prefix: string, tokenHash: string) => `${prefix}tok1:${tokenHash}`;

export function encodeSession(s: StoredSession): string {
  return JSON.stringify([FORMAT, ...FIELDS.map((f) => s[f])]);
}

export function decodeSession(value: string): StoredSession | null {
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || parsed[0] !== FORMAT || parsed.length !== FIELDS.length + 1) return null;
    // on every validation served from Redis: a plain loop, not Object.fromEntries over a mapped array
    const session: Record<string, unknown> = {};
    for (let i = 0; i < FIELDS.length; i++) session[FIELDS[i]!] = parsed[i + 1];
    return session as unknown as StoredSession;
  } catch {
    return null;
  }
}

// Lua arrays count from 1 and the format version comes first: a field's index is its position + 2
const LUA = (field: (typeof FIELDS)[number]) => FIELDS.indexOf(field) + 2;

// KEYS[1] the token key; ARGV: encoded record, TTL ms, its rotatedAt, its lastSeenAt
const SET_UNLESS_STALE = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, cached = pcall(cjson.decode, current)
  if ok and type(cached) == 'table' and cached[1] == ${FORMAT} then
    if cached[${LUA("revokedAt")}] ~= cjson.null then return 0 end
    local rotatedAt, lastSeenAt = tonumber(ARGV[3]), tonumber(ARGV[4])
    local cachedRotatedAt, cachedLastSeenAt = cached[${LUA("rotatedAt")}], cached[${LUA("lastSeenAt")}]
    if type(cachedRotatedAt) == 'number' and type(cachedLastSeenAt) == 'number' then
      if cachedRotatedAt > rotatedAt then return 0 end
      if cachedRotatedAt == rotatedAt and cachedLastSeenAt > lastSeenAt then return 0 end
    end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

type RedisClient = Redis | Cluster;
type ScriptedRedis = RedisClient & {
  setUnlessStale(key: string, json: string, ttlMs: number, rotatedAt: number, lastSeenAt: number): Promise<number>;
};

const REPAIR_BATCH = 50_000;
/** writes in flight around a loss, and clocks of app servers that differ by a few seconds */
const SKEW_MS = 10_000;

export class RedisCachedSessionStore implements SessionStore {
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly onRead: (layer: "redis" | "db") => void;
  private readonly available: () => boolean;
  private readonly writable: () => boolean;
  private readonly onWriteFailed: () => void;

  constructor(
    private readonly primary: SessionStore & Partial<ChangeFeed>,
    redis: RedisClient,
    options: RedisCacheOptions = {},
  ) {
    if (!("setUnlessStale" in redis)) redis.defineCommand("setUnlessStale", { numberOfKeys: 1, lua: SET_UNLESS_STALE });
    this.redis = redis as ScriptedRedis;
    this.prefix = options.keyPrefix ?? "sess:";
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.onError = options.onError ?? (() => {});
    this.onRead = options.onRead ?? (() => {});
    this.available = options.available ?? (() => true);
    this.writable = options.writable ?? this.available;
    this.onWriteFailed = options.onWriteFailed ?? (() => {});
  }

  private tokenKey = (hash: string) => hotCopyKey(this.prefix, hash);

  private async read(tokenHash: string): Promise<string | null> {
    if (!this.available()) return null;
    try {
      return await this.redis.get(this.tokenKey(tokenHash));
    } catch (error) {
      this.onError(error);
      return null;
    }
  }

  private async write(op: () => Promise<unknown>) {
    if (!this.writable()) return;
    try {
      await op();
    } catch (error) {
      this.onError(error);
      this.onWriteFailed();
    }
  }

  private hashes = (s: StoredSession) => [s.tokenHash, s.previousTokenHash].filter((h): h is string => Boolean(h));

  /** Caches a live record under its current token hash and under the one it replaced. */
  private cache(s: StoredSession) {
    if (s.revokedAt !== null) return this.tombstone(s);
    const json = encodeSession(s);
    return this.write(() =>
      Promise.all(this.hashes(s).map((h) => this.redis.setUnlessStale(this.tokenKey(h), json, this.ttlMs, s.rotatedAt, s.lastSeenAt))),
    );
  }

  private tombstone(s: StoredSession) {
    const json = encodeSession(s);
    return this.write(() => Promise.all(this.hashes(s).map((h) => this.redis.set(this.tokenKey(h), json, "PX", this.ttlMs))));
  }

  /**
   * Before Redis is trusted: every session ended within a copy's lifetime (so any copy Redis may
   * still hold, restored snapshots included) gets its tombstone, every token spent in that time is
   * dropped, and after a loss (`lostAt`) every session used since is dropped so it is read afresh.
   * No copy written before can then answer for a session that changed while writes could miss
   * Redis. Throws when Redis fails meanwhile: the caller keeps Redis untrusted and tries again.
   */
  async repair(lostAt: number | null): Promise<number> {
    if (!this.primary.changedSince) return 0;
    const window = { endedSince: Date.now() - this.ttlMs - SKEW_MS, usedSince: lostAt === null ? null : lostAt - SKEW_MS };
    const { sessions, spentTokenHashes, complete } = await this.primary.changedSince(window, REPAIR_BATCH);
    if (!complete) {
      await this.flush();
      return sessions.length;
    }
    const drop = new Set(spentTokenHashes);
    const ended = sessions.filter((s) => s.revokedAt !== null);
    for (const s of sessions) if (s.revokedAt === null) for (const h of this.hashes(s)) drop.add(h);
    for (let i = 0; i < ended.length; i += 500) {
      await Promise.all(
        ended
          .slice(i, i + 500)
          .flatMap((s) => this.hashes(s).map((h) => this.redis.set(this.tokenKey(h), encodeSession(s), "PX", this.ttlMs))),
      );
    }
    const keys = [...drop].map(this.tokenKey);
    for (let i = 0; i < keys.length; i += 500) await Promise.all(keys.slice(i, i + 500).map((k) => this.redis.del(k)));
    return sessions.length + drop.size;
  }

  /** Too much changed to repair key by key: every copy under the prefix goes. */
  private async flush() {
    const nodes = "nodes" in this.redis ? this.redis.nodes("master") : [this.redis];
    for (const node of nodes) {
      let cursor = "0";
      do {
        const [next, keys] = await node.scan(cursor, "MATCH", hotCopyKey(this.prefix, "*"), "COUNT", 1000);
        cursor = next;
        await Promise.all(keys.map((k) => node.del(k)));
      } while (cursor !== "0");
    }
  }

  async create(s: StoredSession) {
    await this.primary.create(s);
    await this.cache(s);
  }

  async findByTokenHash(tokenHash: string) {
    const hit = await this.read(tokenHash);
    const cached = hit ? decodeSession(hit) : null;
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
    else if (cached) await this.write(() => this.redis.del(this.tokenKey(tokenHash)));
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
