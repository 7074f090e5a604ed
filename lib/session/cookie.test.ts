import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_COOKIE_BYTES, sealSessionCookie, unsealSessionCookie, type SessionCookie } from "./cookie";
import { loadPolicy } from "./policy";
import { loadSecrets, SecretError } from "./secrets";

const policy = loadPolicy({});
const OLD = "old-secret-0123456789-0123456789-abcdef";
const NEW = "new-secret-9876543210-9876543210-fedcba";
const v1 = { 1: OLD };
const v2 = { 2: NEW, 1: OLD };

const cookie: SessionCookie = {
  token: "t".repeat(43),
  userId: "3f1c6f0e-8f5a-4a57-9d0e-0c9b9a4b1f11",
  createdAt: 1_700_000_000_000,
  lastSeenAt: 1_700_000_060_000,
  rotatedAt: 1_700_000_000_000,
  elevatedUntil: null,
};

/** Changes one character in the middle of the seal to a different base64url character. */
const flipAt = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);

afterEach(() => {
  vi.useRealTimers();
});

describe("session cookie seal", () => {
  it("round-trips the cookie contents", async () => {
    const sealed = await sealSessionCookie(cookie, v1, policy);
    expect(sealed).not.toContain(cookie.token); // sealed means encrypted, not just signed
    expect(sealed.length).toBeLessThanOrEqual(MAX_COOKIE_BYTES);
    expect(await unsealSessionCookie(sealed, v1, policy)).toEqual(cookie);
  });

  it("reads a tampered cookie (any single character changed) as no session", async () => {
    const sealed = await sealSessionCookie(cookie, v1, policy);
    for (const i of [10, Math.floor(sealed.length / 2), sealed.length - 5]) {
      const tampered = flipAt(sealed, i);
      expect(tampered).not.toBe(sealed);
      expect(await unsealSessionCookie(tampered, v1, policy)).toBeNull();
    }
  });

  it("reads a truncated cookie as no session", async () => {
    const sealed = await sealSessionCookie(cookie, v1, policy);
    expect(await unsealSessionCookie(sealed.slice(0, -8), v1, policy)).toBeNull();
    expect(await unsealSessionCookie(sealed.slice(0, sealed.length / 2), v1, policy)).toBeNull();
  });

  it("refuses an oversized cookie before decrypting, even when its seal is genuine", async () => {
    const big = await sealSessionCookie({ ...cookie, userId: "u".repeat(4_000) }, v1, policy);
    expect(big.length).toBeGreaterThan(MAX_COOKIE_BYTES);
    expect(await unsealSessionCookie(big, v1, policy)).toBeNull();
  });

  it.each(["", "garbage", "Fe26.2**", "Fe26.2*1*a*b*c*d*e*f~2", "%00%ff", "x".repeat(MAX_COOKIE_BYTES)])(
    "reads the forged value %# as no session without throwing",
    async (raw) => {
      await expect(unsealSessionCookie(raw, v1, policy)).resolves.toBeNull();
    },
  );

  it("refuses a cookie sealed with someone else's secret", async () => {
    const foreign = await sealSessionCookie(cookie, { 1: "attacker-secret-0123456789-0123456789" }, policy);
    expect(await unsealSessionCookie(foreign, v1, policy)).toBeNull();
  });

  it("refuses a genuine seal whose contents are not a session (short token, missing fields)", async () => {
    const shortToken = await sealSessionCookie({ ...cookie, token: "short" }, v1, policy);
    expect(await unsealSessionCookie(shortToken, v1, policy)).toBeNull();
    const { userId: _omitted, ...noUser } = cookie;
    const missing = await sealSessionCookie(noUser as SessionCookie, v1, policy);
    expect(await unsealSessionCookie(missing, v1, policy)).toBeNull();
  });

  it("refuses a leaked cookie once its seal outlives the absolute timeout", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_700_000_000_000);
    const sealed = await sealSessionCookie(cookie, v1, policy);
    vi.setSystemTime(1_700_000_000_000 + policy.absoluteTimeoutMs);
    expect(await unsealSessionCookie(sealed, v1, policy)).toEqual(cookie);
    vi.setSystemTime(1_700_000_000_000 + policy.absoluteTimeoutMs + 5 * 60_000);
    expect(await unsealSessionCookie(sealed, v1, policy)).toBeNull();
  });
});

describe("remembered seals", () => {
  it("answers a seal seen before from memory, but never a tampered copy of it (forged cookie)", async () => {
    const sealed = await sealSessionCookie(cookie, v1, policy);
    expect(await unsealSessionCookie(sealed, v1, policy)).toEqual(cookie);
    // a changed character inside the ciphertext (the HMAC's last character can differ in padding bits alone)
    const parts = sealed.split("*");
    parts[4] = (parts[4]![0] === "A" ? "B" : "A") + parts[4]!.slice(1);
    const tampered = parts.join("*");
    expect(await unsealSessionCookie(tampered, v1, policy)).toBeNull();
    expect(await unsealSessionCookie(sealed, v1, policy)).toEqual(cookie);
  });

  it("forgets what a retired secret sealed (secret rotation after a leak)", async () => {
    const sealed = await sealSessionCookie(cookie, v1, policy);
    expect(await unsealSessionCookie(sealed, v1, policy)).toEqual(cookie);
    expect(await unsealSessionCookie(sealed, { 2: "b".repeat(40) }, policy)).toBeNull();
  });

  it("hands out copies: a caller changing its result changes nothing remembered", async () => {
    const sealed = await sealSessionCookie(cookie, v1, policy);
    const first = (await unsealSessionCookie(sealed, v1, policy))!;
    first.userId = "someone-else";
    expect((await unsealSessionCookie(sealed, v1, policy))!.userId).toBe(cookie.userId);
  });
});

describe("secret rotation", () => {
  it("keeps cookies sealed with the previous secret readable after rotation", async () => {
    const sealedV1 = await sealSessionCookie(cookie, v1, policy);
    expect(await unsealSessionCookie(sealedV1, v2, policy)).toEqual(cookie);
  });

  it("seals new cookies with the newest secret only", async () => {
    const sealedV2 = await sealSessionCookie(cookie, v2, policy);
    expect(await unsealSessionCookie(sealedV2, v2, policy)).toEqual(cookie);
    expect(await unsealSessionCookie(sealedV2, v1, policy)).toBeNull();
    expect(await unsealSessionCookie(sealedV2, { 2: NEW }, policy)).toEqual(cookie);
  });

  it("ends old cookies once the previous secret is dropped", async () => {
    const sealedV1 = await sealSessionCookie(cookie, v1, policy);
    expect(await unsealSessionCookie(sealedV1, { 2: NEW }, policy)).toBeNull();
  });

  it("builds the rotated secret map from env, as an operator would configure it", async () => {
    const before = loadSecrets({ SESSION_SECRET: OLD });
    const after = loadSecrets({ SESSION_SECRET: NEW, SESSION_SECRET_VERSION: "2", SESSION_SECRET_PREVIOUS: `1:${OLD}` });
    expect(after).toEqual({ sealing: 2, readable: v2 });
    const sealed = await sealSessionCookie(cookie, before, policy);
    expect(await unsealSessionCookie(sealed, after, policy)).toEqual(cookie);
  });
});

describe("loadSecrets", () => {
  const expectSecretError = (env: Record<string, string>, fragment: string) => {
    expect(() => loadSecrets(env)).toThrow(SecretError);
    expect(() => loadSecrets(env)).toThrow(fragment);
  };

  it("refuses a secret too short to resist brute force", () => {
    expectSecretError({ SESSION_SECRET: "x".repeat(31) }, "at least 32");
    expect(loadSecrets({ SESSION_SECRET: "x".repeat(32) })).toEqual({ sealing: 1, readable: { 1: "x".repeat(32) } });
  });

  it("refuses to start in production without a secret (no silent dev fallback)", () => {
    expectSecretError({ NODE_ENV: "production" }, "SESSION_SECRET is required");
    expectSecretError({ NODE_ENV: "production", SESSION_SECRET: "  " }, "SESSION_SECRET is required");
  });

  it("uses a development fallback only outside production", () => {
    const dev = loadSecrets({ NODE_ENV: "development" });
    expect(Object.keys(dev.readable)).toEqual(["1"]);
    expect(dev.readable[1]!.length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    ["not-versioned", "<version>:<secret>"],
    [`x:${OLD}`, "<version>:<secret>"],
    [`2:${OLD}`, "lower than"],
    [`3:${OLD}`, "lower than"],
    ["1:short", "shorter than 32"],
  ])("refuses a malformed SESSION_SECRET_PREVIOUS (%s)", (previous, fragment) => {
    expectSecretError({ SESSION_SECRET: NEW, SESSION_SECRET_VERSION: "2", SESSION_SECRET_PREVIOUS: previous }, fragment);
  });

  it("refuses a version that is not a positive integer", () => {
    for (const v of ["0", "-1", "1.5", "two"])
      expectSecretError({ SESSION_SECRET: NEW, SESSION_SECRET_VERSION: v }, "SESSION_SECRET_VERSION");
  });

  it("accepts several previous secrets separated by commas or spaces", () => {
    const third = "third-secret-000000000000000000000000";
    const map = loadSecrets({ SESSION_SECRET: NEW, SESSION_SECRET_VERSION: "3", SESSION_SECRET_PREVIOUS: `2:${third}, 1:${OLD}` });
    expect(map).toEqual({ sealing: 3, readable: { 3: NEW, 2: third, 1: OLD } });
  });

  it("reads a SESSION_SECRET_NEXT but never seals with it, so instances still on the old secret can read what others write later (rolling rotation)", async () => {
    const learning = loadSecrets({ SESSION_SECRET: OLD, SESSION_SECRET_NEXT: `2:${NEW}` });
    expect(learning).toEqual({ sealing: 1, readable: { 1: OLD, 2: NEW } });
    const sealed = await sealSessionCookie(cookie, learning, policy);
    expect(sealed.split("*")[1]).toBe("1");
    // an instance already switched to the new secret writes v2, which the learning one reads
    const switched = loadSecrets({ SESSION_SECRET: NEW, SESSION_SECRET_VERSION: "2", SESSION_SECRET_PREVIOUS: `1:${OLD}` });
    expect(await unsealSessionCookie(await sealSessionCookie(cookie, switched, policy), learning, policy)).toEqual(cookie);
    expectSecretError({ SESSION_SECRET: NEW, SESSION_SECRET_VERSION: "2", SESSION_SECRET_NEXT: `2:${OLD}` }, "SESSION_SECRET_NEXT");
  });
});
