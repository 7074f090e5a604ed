import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { issueAccessToken, verifyAccessToken, type AccessTokenConfig } from "./access-token";
import { createKeyRing, MemoryKeyStore, type KeyRing, type WrapKey } from "./keys";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const subject = { userId: "7d2b8a52-4c1e-4f0e-9a57-1b1f3c0de001", sessionId: "0b8e1d7a-2f1c-4e8e-9a2b-5c6d7e8f9a01" };

let now: number;
let store: MemoryKeyStore;
let ring: KeyRing;
let config: AccessTokenConfig;

const wrap = (version: number, fill: number): WrapKey => ({ version, key: new Uint8Array(32).fill(fill) });
const ringWith = (wrapKeys: WrapKey[]) => createKeyRing({ store, wrapKeys, rotationMs: 30 * DAY, accessTtlMs: 15 * MIN, clock: () => now });

beforeEach(() => {
  now = Date.UTC(2026, 0, 5, 9);
  store = new MemoryKeyStore();
  ring = ringWith([wrap(1, 9)]);
  config = { issuer: "urn:test", audience: "urn:test:mobile", ttlMs: 15 * MIN, clock: () => now };
});

describe("access tokens", () => {
  it("carry sub, sid, iat, exp, iss, aud and jti, signed with EdDSA and a kid", async () => {
    const { token, expiresAt } = await issueAccessToken(ring, config, subject);
    expect(expiresAt).toBe(now + 15 * MIN);
    const check = await verifyAccessToken(ring, config, token);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.claims).toMatchObject({ sub: subject.userId, sid: subject.sessionId, iss: "urn:test", aud: "urn:test:mobile" });
    expect(check.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());
    expect(header).toMatchObject({ alg: "EdDSA", typ: "at+jwt", kid: store.keys[0]!.kid });
  });

  it("are refused once expired", async () => {
    const { token } = await issueAccessToken(ring, config, subject);
    now += 15 * MIN + 1_000;
    expect(await verifyAccessToken(ring, config, token)).toEqual({ ok: false, reason: "expired" });
  });

  it("are refused for another audience or issuer", async () => {
    const { token } = await issueAccessToken(ring, { ...config, audience: "urn:other" }, subject);
    expect(await verifyAccessToken(ring, config, token)).toEqual({ ok: false, reason: "invalid" });
    const other = await issueAccessToken(ring, { ...config, issuer: "urn:evil" }, subject);
    expect(await verifyAccessToken(ring, config, other.token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("are refused when forged: another key under a known kid, alg none, HS256, garbage", async () => {
    const { token } = await issueAccessToken(ring, config, subject);
    const kid = store.keys[0]!.kid;
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await new SignJWT({ sid: subject.sessionId })
      .setProtectedHeader({ alg: "EdDSA", kid, typ: "at+jwt" })
      .setSubject(subject.userId)
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setIssuedAt()
      .setExpirationTime("5m")
      .setJti("x")
      .sign(privateKey);
    expect(await verifyAccessToken(ring, config, forged)).toEqual({ ok: false, reason: "invalid" });
    const none = new UnsecuredJWT({ sid: subject.sessionId, sub: subject.userId })
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .encode();
    expect((await verifyAccessToken(ring, config, none)).ok).toBe(false);
    // HS256 keyed with the public key (algorithm confusion)
    const publicJwk = await exportJWK((await generateKeyPair("EdDSA", { crv: "Ed25519" })).publicKey);
    const hs = await new SignJWT({ sid: subject.sessionId })
      .setProtectedHeader({ alg: "HS256", kid })
      .setSubject(subject.userId)
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setIssuedAt()
      .setExpirationTime("5m")
      .setJti("x")
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    expect((await verifyAccessToken(ring, config, hs)).ok).toBe(false);
    for (const junk of ["", "a.b.c", "not a jwt", token.slice(0, -3) + "AAA", "x".repeat(5000)]) {
      expect((await verifyAccessToken(ring, config, junk)).ok).toBe(false);
    }
  });

  it("survive key rotation: old tokens verify while they live, new tokens use the new key", async () => {
    const before = await issueAccessToken(ring, config, subject);
    now += 30 * DAY;
    const after = await issueAccessToken(ring, config, subject);
    expect(store.keys).toHaveLength(2);
    const kid = (t: string) => JSON.parse(Buffer.from(t.split(".")[0]!, "base64url").toString()).kid;
    expect(kid(after.token)).not.toBe(kid(before.token));
    const jwks = await ring.jwks();
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual(store.keys.map((k) => k.kid).sort());
    expect(jwks.keys.every((k) => !("d" in k))).toBe(true);
    expect((await verifyAccessToken(ring, { ...config }, after.token)).ok).toBe(true);
  });

  it("keep private keys sealed at rest", async () => {
    await issueAccessToken(ring, config, subject);
    const stored = store.keys[0]!;
    expect(stored.privateJwk).not.toContain('"d"');
    expect(stored.publicJwk).not.toHaveProperty("d");
    // a ring with another secret cannot use the stored private key: it makes a key of its own
    const other = ringWith([wrap(1, 1)]);
    expect((await other.signingKey()).kid).not.toBe(stored.kid);
    expect(store.keys).toHaveLength(2);
  });

  it("after a secret rotation, go on signing with the key sealed under the previous secret, and keep verifying (secret rotation)", async () => {
    const before = await issueAccessToken(ring, config, subject);
    const rotated = ringWith([wrap(2, 7), wrap(1, 9)]);
    const after = await issueAccessToken(rotated, config, subject);
    expect(store.keys).toHaveLength(1);
    expect(JSON.parse(Buffer.from(after.token.split(".")[0]!, "base64url").toString()).kid).toBe(store.keys[0]!.kid);
    expect((await verifyAccessToken(rotated, config, before.token)).ok).toBe(true);
    expect((await rotated.jwks()).keys).toHaveLength(1);
  });

  it("once the previous secret is removed, sign with a new key instead of failing, and still verify tokens of the old one (secret removal)", async () => {
    const before = await issueAccessToken(ring, config, subject);
    const only = ringWith([wrap(2, 7)]);
    const after = await issueAccessToken(only, config, subject);
    expect(store.keys).toHaveLength(2);
    expect(store.keys[1]!.privateJwk.startsWith("v2.")).toBe(true);
    expect((await verifyAccessToken(only, config, before.token)).ok).toBe(true);
    expect((await verifyAccessToken(only, config, after.token)).ok).toBe(true);
    expect((await only.jwks()).keys.map((k) => k.kid).sort()).toEqual(store.keys.map((k) => k.kid).sort());
  });

  it("retire a key from the published set once its tokens have expired", async () => {
    await issueAccessToken(ring, config, subject);
    const first = store.keys[0]!.kid;
    now += 30 * DAY;
    await issueAccessToken(ring, config, subject);
    now += 30 * DAY;
    await issueAccessToken(ring, config, subject);
    const published = (await ring.jwks()).keys.map((k) => k.kid);
    expect(published).not.toContain(first);
    expect(await ring.verificationKey(first)).toBeNull();
  });

  it("reload the key set for an unknown kid at most every 5 seconds (random kids cost no query each)", async () => {
    await issueAccessToken(ring, config, subject);
    let reads = 0;
    const list = store.listSince.bind(store);
    store.listSince = async (since) => (reads++, list(since));
    now += 31_000;
    for (let i = 0; i < 20; i++) expect(await ring.verificationKey(`random-${i}`)).toBeNull();
    expect(reads).toBeLessThanOrEqual(2);
  });

  it("sign 50 tokens at once on a fresh deployment with one new key, none failing (first-sign-in stampede)", async () => {
    // a slow store: each read and write yields, as PostgreSQL does, so the requests interleave
    const list = store.listSince.bind(store);
    const add = store.add.bind(store);
    store.listSince = async (since) => (await new Promise((r) => setTimeout(r, 1)), list(since));
    store.add = async (key) => (await new Promise((r) => setTimeout(r, 1)), add(key));
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => issueAccessToken(ring, config, subject)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(store.keys).toHaveLength(1);
  });
});
