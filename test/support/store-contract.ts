import { createHash, randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionStore, StoredSession, TokenRotation } from "../../lib/session/types";
import { storedSession } from "./sessions";

/**
 * The SessionStore contract: one suite every adapter must pass, so the session core behaves the same
 * over memory, PostgreSQL and Redis-over-PostgreSQL. Sessions reference users, so a fixture also hands
 * over two users that exist in its backing store (any ids will do for the memory store).
 */
export interface StoreFixture {
  store: SessionStore;
  users: [string, string];
  cleanup(): Promise<void>;
}

const hash = (seed: string) => createHash("sha256").update(seed).digest("hex");
const newHash = () => hash(randomUUID());

export function describeSessionStoreContract(name: string, setup: () => Promise<StoreFixture>) {
  describe(`SessionStore contract: ${name}`, () => {
    let fx: StoreFixture;
    let store: SessionStore;
    let alice: string;
    let bob: string;
    // wall-clock based so a cache that derives lifetimes from Date.now() sees realistic times
    let T: number;

    const session = (userId: string, over: Partial<StoredSession> = {}): StoredSession =>
      storedSession(randomUUID(), T, {
        userId,
        userAgent: "Mozilla/5.0 contract",
        ipPrefix: "198.51.100.0/24",
        deviceLabel: "Contract runner",
        ...over,
      });
    const created = async (userId: string, over: Partial<StoredSession> = {}) => {
      const s = session(userId, over);
      await store.create(s);
      return s;
    };
    const rotation = (s: StoredSession, over: Partial<TokenRotation> = {}): TokenRotation => ({
      expectedTokenHash: s.tokenHash,
      tokenHash: newHash(),
      rotatedAt: T + 1_000,
      graceUntil: T + 11_000,
      ...over,
    });

    beforeEach(async () => {
      fx = await setup();
      store = fx.store;
      [alice, bob] = fx.users;
      T = Date.now();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it("returns a created session unchanged by id and by token hash", async () => {
      const s = await created(alice, { kind: "mobile", elevatedUntil: T + 5_000 });
      expect(await store.get(s.id)).toEqual(s);
      expect(await store.findByTokenHash(s.tokenHash)).toEqual(s);
      expect(await store.get(randomUUID())).toBeNull();
      expect(await store.findByTokenHash(newHash())).toBeNull();
    });

    it("finds a rotated session by its current and its previous token hash", async () => {
      const s = await created(alice);
      await store.findByTokenHash(s.tokenHash); // a read before the rotation must not leave a stale copy
      const r = rotation(s);
      expect(await store.rotate(s.id, r)).toBe(true);
      const expected = {
        id: s.id,
        tokenHash: r.tokenHash,
        previousTokenHash: s.tokenHash,
        previousTokenGraceUntil: r.graceUntil,
        rotatedAt: r.rotatedAt,
        lastSeenAt: r.rotatedAt,
        createdAt: T,
      };
      expect(await store.findByTokenHash(r.tokenHash)).toMatchObject(expected);
      expect(await store.findByTokenHash(s.tokenHash)).toMatchObject(expected);
    });

    it("resolves the previous hash to the rotated record even when the grace window is already over", async () => {
      // e.g. an app server whose clock lags: the old token must still be recognised as replaced (reuse detection)
      const past = T - 3_600_000;
      const s = await created(alice, { createdAt: past, lastSeenAt: past, rotatedAt: past });
      await store.findByTokenHash(s.tokenHash);
      const r = rotation(s, { rotatedAt: past + 1_000, graceUntil: past + 11_000 });
      expect(await store.rotate(s.id, r)).toBe(true);
      expect(await store.findByTokenHash(s.tokenHash)).toMatchObject({ id: s.id, tokenHash: r.tokenHash, previousTokenHash: s.tokenHash });
    });

    it("remembers every token a rotation spent, however many rotations ago, and nothing else", async () => {
      const s = await created(alice);
      const first = rotation(s);
      expect(await store.rotate(s.id, first)).toBe(true);
      const second = rotation({ ...s, tokenHash: first.tokenHash }, { rotatedAt: T + 2_000, graceUntil: T + 12_000 });
      expect(await store.rotate(s.id, second)).toBe(true);
      expect(await store.findSpent(s.tokenHash)).toBe(s.id);
      expect(await store.findSpent(first.tokenHash)).toBe(s.id);
      expect(await store.findSpent(second.tokenHash)).toBeNull();
      expect(await store.findSpent(newHash())).toBeNull();
      // a refused rotation spends nothing
      expect(await store.rotate(s.id, rotation({ ...s, tokenHash: newHash() }))).toBe(false);
    });

    it("touch only moves lastSeenAt forward, and returns the record only when it moved", async () => {
      const s = await created(alice);
      expect(await store.touch(s.id, T + 5_000)).toEqual({ ...s, lastSeenAt: T + 5_000 });
      expect((await store.findByTokenHash(s.tokenHash))?.lastSeenAt).toBe(T + 5_000);
      expect(await store.touch(s.id, T + 2_000)).toBeNull(); // a slow request finishing late must not roll activity back
      expect((await store.get(s.id))?.lastSeenAt).toBe(T + 5_000);
      expect((await store.findByTokenHash(s.tokenHash))?.lastSeenAt).toBe(T + 5_000);
    });

    it("touch ignores a revoked session", async () => {
      const s = await created(alice);
      await store.revoke(s.id, "signed-out", T + 1_000);
      await store.touch(s.id, T + 9_000);
      expect(await store.get(s.id)).toMatchObject({ lastSeenAt: T, revokedAt: T + 1_000 });
      expect((await store.findByTokenHash(s.tokenHash))?.revokedAt).toBe(T + 1_000);
    });

    it("rotate is compare-and-set: a stale expected hash, a revoked or an unknown session is refused", async () => {
      const s = await created(alice, { elevatedUntil: T + 60_000 });
      const first = rotation(s);
      expect(await store.rotate(s.id, first)).toBe(true);
      const stale = rotation(s, { rotatedAt: T + 2_000 });
      expect(await store.rotate(s.id, stale)).toBe(false);
      expect(await store.get(s.id)).toMatchObject({ tokenHash: first.tokenHash, rotatedAt: T + 1_000, elevatedUntil: T + 60_000 });
      expect(await store.findByTokenHash(stale.tokenHash)).toBeNull();
      expect(await store.rotate(randomUUID(), rotation(s))).toBe(false);
      await store.revoke(s.id, "admin", T + 3_000);
      expect(await store.rotate(s.id, rotation({ ...s, tokenHash: first.tokenHash }, { rotatedAt: T + 4_000 }))).toBe(false);
    });

    it("rotate keeps the elevation unless told otherwise, and can clear it", async () => {
      const s = await created(alice, { elevatedUntil: T + 60_000 });
      const r1 = rotation(s);
      await store.rotate(s.id, r1);
      expect((await store.get(s.id))?.elevatedUntil).toBe(T + 60_000);
      await store.rotate(s.id, { ...rotation({ ...s, tokenHash: r1.tokenHash }), elevatedUntil: null });
      expect((await store.get(s.id))?.elevatedUntil).toBeNull();
    });

    it("rotate never moves lastSeenAt backwards", async () => {
      const s = await created(alice);
      await store.touch(s.id, T + 60_000);
      expect(await store.rotate(s.id, rotation(s, { rotatedAt: T + 30_000 }))).toBe(true);
      expect((await store.get(s.id))?.lastSeenAt).toBe(T + 60_000);
    });

    it("of concurrent rotations with the same expected hash exactly one wins", async () => {
      const s = await created(alice);
      const attempts = Array.from({ length: 4 }, () => rotation(s));
      const results = await Promise.all(attempts.map((r) => store.rotate(s.id, r)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = attempts[results.indexOf(true)]!;
      expect((await store.get(s.id))?.tokenHash).toBe(winner.tokenHash);
      expect((await store.findByTokenHash(s.tokenHash))?.tokenHash).toBe(winner.tokenHash);
    });

    it("revoke returns the record as revoked (current token hashes included) once, then null", async () => {
      const s = await created(alice);
      expect(await store.revoke(s.id, "signed-out", T + 1_000)).toEqual({ ...s, revokedAt: T + 1_000, revokedReason: "signed-out" });
      expect(await store.revoke(s.id, "admin", T + 2_000)).toBeNull();
      expect(await store.get(s.id)).toMatchObject({ revokedAt: T + 1_000, revokedReason: "signed-out" });
      expect(await store.revoke(randomUUID(), "admin", T)).toBeNull();
    });

    it("revokeUser ends every live session of the user except the one kept", async () => {
      const [keep, other, ended] = [await created(alice), await created(alice), await created(alice)];
      const bobs = await created(bob);
      await store.revoke(ended.id, "signed-out", T + 500);
      const revoked = await store.revokeUser(alice, "password-changed", T + 1_000, keep.id);
      expect(revoked).toEqual([{ ...other, revokedAt: T + 1_000, revokedReason: "password-changed" }]);
      expect(await store.get(other.id)).toMatchObject({ revokedAt: T + 1_000, revokedReason: "password-changed" });
      expect((await store.get(ended.id))?.revokedReason).toBe("signed-out");
      expect((await store.findByTokenHash(keep.tokenHash))?.revokedAt).toBeNull();
      expect((await store.findByTokenHash(bobs.tokenHash))?.revokedAt).toBeNull();
      expect(await store.revokeUser(alice, "password-changed", T + 2_000, keep.id)).toEqual([]);
      expect((await store.revokeUser(alice, "admin", T + 3_000)).map((s) => s.id)).toEqual([keep.id]);
    });

    it("listLive lists a user's live sessions, most recently active first", async () => {
      const a = await created(alice, { lastSeenAt: T });
      const b = await created(alice, { lastSeenAt: T + 2_000 });
      const c = await created(alice, { lastSeenAt: T + 1_000 });
      await created(bob, { lastSeenAt: T + 3_000 });
      const ids = async () => (await store.listLive(alice)).map((s) => s.id);
      expect(await ids()).toEqual([b.id, c.id, a.id]);
      await store.revoke(c.id, "revoked-by-user", T + 2_500);
      expect(await ids()).toEqual([b.id, a.id]);
      await store.touch(a.id, T + 5_000);
      expect(await ids()).toEqual([a.id, b.id]);
    });

    it("reports a revoked session as revoked right after it was read (a cache must not resurrect it)", async () => {
      const s = await created(alice);
      const r = rotation(s);
      await store.rotate(s.id, r);
      for (const h of [r.tokenHash, s.tokenHash]) expect((await store.findByTokenHash(h))?.revokedAt).toBeNull();
      await store.revoke(s.id, "token-reuse", T + 5_000);
      await store.touch(s.id, T + 6_000);
      for (const h of [r.tokenHash, s.tokenHash]) {
        expect(await store.findByTokenHash(h)).toMatchObject({ id: s.id, revokedAt: T + 5_000, revokedReason: "token-reuse" });
      }
      const other = await created(alice);
      await store.findByTokenHash(other.tokenHash);
      await store.revokeUser(alice, "password-changed", T + 7_000);
      expect((await store.findByTokenHash(other.tokenHash))?.revokedAt).toBe(T + 7_000);
      expect(await store.listLive(alice)).toEqual([]);
    });

    it("revokeExpired ends sessions past their absolute or idle limit, with the matching reason, and nothing else", async () => {
      // decades in the past, so nothing another test left behind in a shared database qualifies
      const YEAR = 365 * 86_400_000;
      const limits = { kind: "browser" as const, idleBefore: T - 5 * YEAR, absoluteBefore: T - 5 * YEAR };
      const old = await created(alice, { createdAt: T - 10 * YEAR, lastSeenAt: T });
      const idle = await created(alice, { createdAt: T - YEAR, lastSeenAt: T - 10 * YEAR });
      const bobIdle = await created(bob, { createdAt: T - YEAR, lastSeenAt: T - 10 * YEAR });
      const fresh = await created(alice, { createdAt: T - YEAR, lastSeenAt: T - YEAR });
      const app = await created(alice, { kind: "mobile", createdAt: T - 10 * YEAR, lastSeenAt: T - 10 * YEAR });
      await store.findByTokenHash(idle.tokenHash); // a hot copy must not outlive the expiry

      const ended = await store.revokeExpired(limits, T + 1, 100);
      const byId = new Map(ended.map((s) => [s.id, s]));
      expect(byId.get(old.id)).toMatchObject({ revokedAt: T + 1, revokedReason: "expired-absolute" });
      expect(byId.get(idle.id)).toMatchObject({ revokedAt: T + 1, revokedReason: "expired-idle" });
      expect(byId.get(bobIdle.id)).toMatchObject({ revokedReason: "expired-idle" });
      expect(byId.has(fresh.id) || byId.has(app.id)).toBe(false);
      expect((await store.findByTokenHash(idle.tokenHash))?.revokedAt).toBe(T + 1);
      expect((await store.listLive(alice)).map((s) => s.id).sort()).toEqual([fresh.id, app.id].sort());
      expect(await store.revokeExpired(limits, T + 2, 100)).toEqual([]);
    });

    it("revokeExpired ends no more than the batch limit at a time", async () => {
      const YEAR = 365 * 86_400_000;
      for (let i = 0; i < 3; i++) await created(alice, { createdAt: T - YEAR, lastSeenAt: T - 10 * YEAR });
      const limits = { kind: "browser" as const, idleBefore: T - 5 * YEAR, absoluteBefore: null };
      expect(await store.revokeExpired(limits, T, 2)).toHaveLength(2);
      expect(await store.revokeExpired(limits, T, 2)).toHaveLength(1);
    });

    it("noteMismatch records each distinct mismatch once (compare-and-set), and never on an ended session", async () => {
      const s = await created(alice);
      expect(await store.noteMismatch(s.id, "ua:Firefox|Windows|desktop")).toBe(true);
      expect(await store.noteMismatch(s.id, "ua:Firefox|Windows|desktop")).toBe(false);
      expect(await Promise.all([store.noteMismatch(s.id, "ip:203.0.113.0/24"), store.noteMismatch(s.id, "ip:203.0.113.0/24")])).toContain(
        false,
      );
      expect((await store.get(s.id))?.lastMismatch).toBe("ip:203.0.113.0/24");
      await store.revoke(s.id, "signed-out", T + 1_000);
      expect(await store.noteMismatch(s.id, "ua:other")).toBe(false);
    });

    it("rotate can rebind the session to a verified network and browser, clearing the audited mismatch", async () => {
      const s = await created(alice, { lastMismatch: "ua:Firefox|Windows|desktop" });
      const r = { ...rotation(s), rebind: { userAgent: "Mozilla/5.0 (Windows NT 10.0) Firefox/130.0", ipPrefix: "203.0.113.0/24" } };
      expect(await store.rotate(s.id, r)).toBe(true);
      expect(await store.findByTokenHash(r.tokenHash)).toMatchObject({ ...r.rebind, lastMismatch: null });
    });
  });
}
