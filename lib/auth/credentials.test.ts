import * as argon2 from "@node-rs/argon2";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryAuditLog } from "../session/stores/memory";
import type { CredentialDeps, CredentialUser } from "./credentials";

vi.mock("@node-rs/argon2", async (original) => {
  const real = await original<typeof import("@node-rs/argon2")>();
  return { ...real, verify: vi.fn(real.verify) };
});

const { checkCredentials } = await import("./credentials");
const { hashPassword } = await import("./password");

const alice: CredentialUser & { passwordHash: string } = {
  id: "5b0b3c1e-0000-4000-8000-00000000a11c",
  email: "alice@example.com",
  role: "user",
  passwordHash: await hashPassword("right-password"),
};
const context = { userAgent: "test-agent", ipPrefix: "192.0.2.0/24" };

let audit: MemoryAuditLog;
let taken: string[];
let refunded: string[];
let wait: number;
function deps(): CredentialDeps {
  return {
    findUser: async (email) => (email === alice.email ? alice : null),
    throttle: {
      take: async (subject) => {
        const who = subject.kind === "sign-in" ? `${subject.email}|${subject.ip}` : `${subject.sessionId}|${subject.group}`;
        taken.push(who);
        return { retryAfterSeconds: wait, giveBack: async () => void refunded.push(who) };
      },
    },
    audit: async () => audit,
    defer: (task) => void task(),
  };
}
const attempt = (email: string, password: string, extra: Partial<Parameters<typeof checkCredentials>[0]> = {}) =>
  checkCredentials({ email, password, ip: "192.0.2.7", context, ...extra }, deps());

beforeEach(() => {
  audit = new MemoryAuditLog();
  taken = [];
  refunded = [];
  wait = 0;
  vi.mocked(argon2.verify).mockClear();
});

describe("checkCredentials", () => {
  it("accepts the right password and gives the throttled attempt back", async () => {
    expect(await attempt(alice.email, "right-password")).toEqual({ ok: true, user: { id: alice.id, email: alice.email, role: "user" } });
    expect(refunded).toEqual([`${alice.email}|192.0.2.7`]);
    expect(audit.events).toEqual([]);
  });

  it("refuses a wrong password, counts the attempt and audits it against the account", async () => {
    expect(await attempt(alice.email, "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(taken).toHaveLength(1);
    expect(refunded).toEqual([]);
    expect(audit.events).toMatchObject([{ type: "login.failed", userId: alice.id, ipPrefix: "192.0.2.0/24" }]);
  });

  it("runs a full argon2id verification for an unknown email and answers exactly as for a wrong password (enumeration)", async () => {
    expect(await attempt("nobody@example.com", "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(argon2.verify).toHaveBeenCalledTimes(1);
    expect(vi.mocked(argon2.verify).mock.calls[0]![0]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // nothing recorded about an address that is not an account
    expect(audit.events).toEqual([]);
  });

  it("counts a password re-entered inside a session against that session, not the account's sign-in counters (lockout)", async () => {
    expect(await attempt(alice.email, "wrong", { purpose: "elevation", sessionId: "s-1" })).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(alice.email, "wrong", { purpose: "step-up", sessionId: "s-1" })).toEqual({ ok: false, reason: "invalid" });
    expect(taken).toEqual(["s-1|in-session", "s-1|step-up"]);
    await expect(attempt(alice.email, "wrong", { purpose: "password-change" })).rejects.toThrow(/session/);
  });

  it("takes the throttle before checking the password, and checks nothing while throttled (guessing)", async () => {
    wait = 42;
    expect(await attempt(alice.email, "right-password")).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 42 });
    expect(argon2.verify).not.toHaveBeenCalled();
    expect(audit.events).toMatchObject([{ type: "login.throttled", userId: alice.id }]);
  });
});
