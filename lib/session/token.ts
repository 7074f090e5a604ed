import { createHmac, hash, randomBytes } from "node:crypto";

/** 32 bytes (256 bits) from the OS CSPRNG, base64url: unguessable and cookie-safe. Every sign-in gets one. */
export const TOKEN_BYTES = 32;

export function generateSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/**
 * The token that replaces `previous` at a rotation: HMAC-SHA-256 of it under a server key (256 bits,
 * the same shape as a random token). Without the key it is as unguessable as a random token; with
 * it, the server alone can work it out again. So when the response carrying a new token never
 * reaches the browser (an aborted navigation, a timeout), the old token presented inside the grace
 * window is given the same successor again, instead of its next use after the window being taken
 * for theft. Hand-written on purpose: it is one HMAC call, and no library offers this derivation.
 */
export function successorToken(previous: string, key: Uint8Array): string {
  return createHmac("sha256", key).update(previous).digest("base64url");
}

/**
 * Stores keep only this digest, so a database or Redis dump never yields a usable token. (The
 * one-shot `crypto.hash` is the same SHA-256 at half the cost of a Hash object, on every request.)
 */
export function hashSessionToken(token: string): string {
  return hash("sha256", token, "hex");
}
