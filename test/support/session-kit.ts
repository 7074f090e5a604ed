import { loadPolicy } from "../../lib/session/policy";
import { createSessionService, type RequestContext } from "../../lib/session/service";
import { MemoryAuditLog, MemorySessionStore } from "../../lib/session/stores/memory";

/** Test-only: a session service over the memory store with a clock the test moves by hand. */
export const MIN = 60_000;
export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
export const USER = "7d2b8a52-4c1e-4f0e-9a57-1b1f3c0de001";

export const CHROME_LINUX: RequestContext = {
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
  ipPrefix: "203.0.113.0/24",
};
export const FIREFOX_WINDOWS: RequestContext = {
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0",
  ipPrefix: "198.51.100.0/24",
};

export const SUCCESSOR_KEY = new Uint8Array(32).fill(3);

export function sessionKit(env: Record<string, string> = {}) {
  const clock = { now: T0 };
  const store = new MemorySessionStore();
  const audit = new MemoryAuditLog();
  const policy = loadPolicy(env);
  const svc = createSessionService({ store, audit, policy, successorKey: SUCCESSOR_KEY, clock: () => clock.now });
  return {
    svc,
    /** the same store seen by an instance whose secret was rotated: a new key, the old one kept */
    rotatedSecret: (successorKey: Uint8Array, previousSuccessorKeys: Uint8Array[] = [SUCCESSOR_KEY]) =>
      createSessionService({ store, audit, policy, successorKey, previousSuccessorKeys, clock: () => clock.now }),
    store,
    audit,
    clock,
    events: (type: string) => audit.events.filter((e) => e.type === type),
    async signIn(context: RequestContext = CHROME_LINUX, userId = USER) {
      const result = await svc.createSession(userId, context);
      if (result.status !== "created") throw new Error(result.status);
      return result;
    },
  };
}
