import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { loadPolicy } from "../policy";
import { createSessionService } from "../service";
import { hashSessionToken } from "../token";
import type { SessionStore } from "../types";
import { MemoryAuditLog, MemorySessionStore } from "./memory";
import { MemoryCachedSessionStore, type InvalidationBus } from "./memory-cache";
import { storedSession } from "../../../test/support/sessions";

/**
 * The in-process layer of two app instances over one shared store, connected by an in-process bus
 * whose delivery and liveness the tests control. (redis-bus.test.ts runs the same over real Redis.)
 */
class Hub {
  readonly buses: TestBus[] = [];
  bus() {
    const bus = new TestBus(this);
    this.buses.push(bus);
    return bus;
  }
}

class TestBus implements InvalidationBus {
  live = true;
  /** while false, messages to this bus are lost (a dropped subscription) */
  receiving = true;
  listeners: Array<{ invalidate(ids: string[]): void; reset(): void }> = [];
  constructor(private readonly hub: Hub) {}
  async publish(ids: string[]) {
    for (const bus of this.hub.buses) if (bus.receiving) for (const l of bus.listeners) l.invalidate(ids);
  }
  subscribe(listener: { invalidate(ids: string[]): void; reset(): void }) {
    this.listeners.push(listener);
  }
  /** the bus is back after a gap: listeners must drop what they hold */
  reconnect() {
    this.receiving = true;
    this.live = true;
    for (const l of this.listeners) l.reset();
  }
}

/** Counts reads that reach the shared store, i.e. were not answered from memory. */
class CountingStore extends MemorySessionStore {
  reads = 0;
  /** when set, the next lookup waits for it (to interleave a write with a read in flight) */
  gate: Promise<void> | null = null;
  override async findByTokenHash(hash: string) {
    this.reads++;
    const found = await super.findByTokenHash(hash);
    if (this.gate) await this.gate;
    return found;
  }
}

let shared: CountingStore;
let hub: Hub;
let busA: TestBus;
let busB: TestBus;
let a: MemoryCachedSessionStore;
let b: MemoryCachedSessionStore;
const now = Date.now();

const session = (token: string) => storedSession(token, now);

async function created(store: SessionStore, token = randomUUID()) {
  const s = session(token);
  await store.create(s);
  return s;
}

beforeEach(() => {
  shared = new CountingStore();
  hub = new Hub();
  busA = hub.bus();
  busB = hub.bus();
  a = new MemoryCachedSessionStore(shared, busA);
  b = new MemoryCachedSessionStore(shared, busB);
});

describe("MemoryCachedSessionStore", () => {
  it("answers repeated lookups from memory", async () => {
    const s = await created(a);
    await a.findByTokenHash(s.tokenHash);
    await a.findByTokenHash(s.tokenHash);
    await a.get(s.id);
    expect(shared.reads).toBe(1);
  });

  it("refuses at once a session another instance revoked, not after the cache lifetime (stale revocation)", async () => {
    const s = await created(a);
    expect((await a.findByTokenHash(s.tokenHash))?.revokedAt).toBeNull();
    await b.revoke(s.id, "revoked-by-user", now + 1);
    expect((await a.findByTokenHash(s.tokenHash))?.revokedReason).toBe("revoked-by-user");
    expect((await a.get(s.id))?.revokedReason).toBe("revoked-by-user");
  });

  it("ends every cached session of a user another instance signed out everywhere (password change)", async () => {
    const s = await created(a);
    const other = await created(a, randomUUID());
    await shared.revoke(other.id, "signed-out", now);
    const sibling = { ...session(randomUUID()), userId: s.userId };
    await a.create(sibling);
    await a.findByTokenHash(s.tokenHash);
    await a.findByTokenHash(sibling.tokenHash);
    await b.revokeUser(s.userId, "password-changed", now + 1, sibling.id);
    expect((await a.findByTokenHash(s.tokenHash))?.revokedReason).toBe("password-changed");
    expect((await a.findByTokenHash(sibling.tokenHash))?.revokedAt).toBeNull();
  });

  it("never keeps a copy read just before another instance revoked it (read/revoke race)", async () => {
    const s = await created(a);
    let release!: () => void;
    shared.gate = new Promise((r) => (release = r));
    const inFlight = a.findByTokenHash(s.tokenHash); // reads the live record, then waits
    await new Promise((r) => setTimeout(r, 0));
    shared.gate = null;
    await b.revoke(s.id, "revoked-by-user", now + 1); // its invalidation arrives before the read ends
    release();
    expect((await inFlight)?.revokedAt).toBeNull();
    expect((await a.findByTokenHash(s.tokenHash))?.revokedReason).toBe("revoked-by-user");
  });

  it("answers nothing from memory while the bus is down, and drops everything when it returns (missed invalidation)", async () => {
    const s = await created(a);
    await a.findByTokenHash(s.tokenHash);
    busA.live = false;
    busA.receiving = false;
    await b.revoke(s.id, "admin", now + 1); // A never hears of it
    expect((await a.findByTokenHash(s.tokenHash))?.revokedReason).toBe("admin");
    busA.reconnect();
    expect((await a.findByTokenHash(s.tokenHash))?.revokedReason).toBe("admin");
  });

  it("asks the store behind about a replaced token, so reuse after the grace window is seen (token replay)", async () => {
    const s = await created(a);
    await a.findByTokenHash(s.tokenHash);
    const next = hashSessionToken(randomUUID());
    expect(await b.rotate(s.id, { expectedTokenHash: s.tokenHash, tokenHash: next, rotatedAt: now + 1, graceUntil: now + 2 })).toBe(true);
    await a.findByTokenHash(next); // the rotated record is cached again, under the new token
    const before = shared.reads;
    const replaced = await a.findByTokenHash(s.tokenHash);
    expect(replaced?.tokenHash).toBe(next);
    expect(replaced?.previousTokenGraceUntil).toBe(now + 2);
    await a.findByTokenHash(s.tokenHash);
    expect(shared.reads).toBe(before + 2);
  });

  it("records activity where every instance sees it (idle timeout measured from stale activity)", async () => {
    const s = await created(a);
    await b.findByTokenHash(s.tokenHash);
    await a.touch(s.id, now + 60_000);
    expect((await b.findByTokenHash(s.tokenHash))?.lastSeenAt).toBe(now + 60_000);
  });

  it("hands out copies: a caller changing a result changes nothing cached", async () => {
    const s = await created(a);
    const first = (await a.findByTokenHash(s.tokenHash))!;
    first.lastSeenAt = 0;
    first.revokedAt = 1;
    expect(await a.findByTokenHash(s.tokenHash)).toEqual(expect.objectContaining({ lastSeenAt: now, revokedAt: null }));
  });

  it("keeps at most `max` sessions", async () => {
    const small = new MemoryCachedSessionStore(shared, hub.bus(), { max: 2 });
    const sessions = [await created(small), await created(small), await created(small)];
    for (const s of sessions) await small.findByTokenHash(s.tokenHash);
    const before = shared.reads;
    await small.findByTokenHash(sessions[0]!.tokenHash);
    expect(shared.reads).toBe(before + 1);
  });
});

describe("the session service over the memory layer", () => {
  it("a refresh that loses the race to a parallel one gets its successor, not a reuse alarm (false theft alarm)", async () => {
    // the winner's rotation is stored, but its response (and its cache drop) is still on the way
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const rotate = shared.rotate.bind(shared);
    let calls = 0;
    shared.rotate = async (id, r) => {
      const won = await rotate(id, r);
      if (calls++ === 0) await held;
      return won;
    };
    const svc = createSessionService({
      store: a,
      audit: new MemoryAuditLog(),
      policy: loadPolicy({}),
      successorKey: new Uint8Array(32).fill(1),
    });
    const created = await svc.createSession(randomUUID(), { userAgent: "app", ipPrefix: "192.0.2.0/24" }, { kind: "mobile" });
    if (created.status !== "created") throw new Error(created.status);
    await svc.validateSessionToken(created.token, { activity: false }); // in memory from here
    const winner = svc.refreshSession(created.token);
    await new Promise((r) => setTimeout(r, 0));
    const loser = await svc.refreshSession(created.token);
    release();
    const won = await winner;
    expect(loser).toEqual(expect.objectContaining({ status: "rotated" }));
    expect(won).toEqual(expect.objectContaining({ status: "rotated" }));
    if (loser.status === "rotated" && won.status === "rotated") expect(loser.token).toBe(won.token);
    expect((await shared.get(created.session.id))?.revokedAt).toBeNull();
  });
});
