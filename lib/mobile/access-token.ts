import { randomUUID } from "node:crypto";
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import { ACCESS_TOKEN_ALG, type KeyRing } from "./keys";

/**
 * The app's access token: a short-lived JWT (EdDSA) naming the user (`sub`) and the session (`sid`).
 * It is never trusted alone: every protected call also checks that the session is still live, so a
 * revoked device is refused at once, not when its token expires.
 */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface AccessTokenConfig {
  issuer: string;
  audience: string;
  ttlMs: number;
  clock?: () => number;
}

export async function issueAccessToken(ring: KeyRing, config: AccessTokenConfig, subject: { userId: string; sessionId: string }) {
  const now = (config.clock ?? Date.now)();
  const { kid, key } = await ring.signingKey();
  const iat = Math.floor(now / 1000);
  const exp = Math.floor((now + config.ttlMs) / 1000);
  const token = await new SignJWT({ sid: subject.sessionId })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid, typ: "at+jwt" })
    .setSubject(subject.userId)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key);
  return { token, expiresAt: exp * 1000 };
}

export type AccessTokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; reason: "malformed" | "expired" | "invalid" };

/**
 * Verifies signature (EdDSA only: `alg: none` and HMAC confusion are refused), `kid`, issuer,
 * audience, type, expiry and the presence of every claim. Never throws.
 */
export async function verifyAccessToken(ring: KeyRing, config: AccessTokenConfig, token: string): Promise<AccessTokenCheck> {
  if (!token || token.length > 4096) return { ok: false, reason: "malformed" };
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const key = kid ? await ring.verificationKey(kid) : null;
  if (!key) return { ok: false, reason: "invalid" };
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ACCESS_TOKEN_ALG],
      issuer: config.issuer,
      audience: config.audience,
      typ: "at+jwt",
      requiredClaims: ["sub", "sid", "jti", "iat", "exp"],
      currentDate: new Date((config.clock ?? Date.now)()),
    });
    if (typeof payload.sid !== "string") return { ok: false, reason: "invalid" };
    return { ok: true, claims: payload as unknown as AccessTokenClaims };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}
