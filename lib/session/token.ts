import { createHash, randomBytes } from "node:crypto";

/** 32 bytes (256 bits) from the OS CSPRNG, base64url: unguessable and cookie-safe. */
export const TOKEN_BYTES = 32;

export function generateSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/** Stores keep only this digest, so a database or Redis dump never yields a usable token. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
