import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";

/**
 * Single-use links sent by email: 32 random bytes in the link, only their SHA-256 in the database,
 * so a copy of the table opens nothing. Using one is a single conditional update, so two clicks (or
 * two instances) cannot both succeed.
 */
export type AccountTokenPurpose = "password-reset" | "not-me";

export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  "password-reset": 30 * 60_000,
  "not-me": 7 * 86_400_000,
};

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new link token; a retried delivery (`outboxId`) replaces the one its failed attempt made. */
export async function issueAccountToken(
  db: PrismaClient,
  purpose: AccountTokenPurpose,
  userId: string,
  options: { sessionId?: string | null; outboxId?: string | null; now?: number } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? Date.now();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now + TOKEN_LIFETIME_MS[purpose]);
  if (options.outboxId) await db.accountToken.deleteMany({ where: { outboxId: options.outboxId, usedAt: null } });
  await db.accountToken.create({
    data: {
      tokenHash: hashOf(token),
      purpose,
      userId,
      sessionId: options.sessionId ?? null,
      outboxId: options.outboxId ?? null,
      createdAt: new Date(now),
      expiresAt,
    },
  });
  return { token, expiresAt };
}

export interface AccountTokenRecord {
  userId: string;
  sessionId: string | null;
}

/** Whether a link still works, without using it (the page that shows its form). */
export async function peekAccountToken(db: PrismaClient, purpose: AccountTokenPurpose, token: string, now = Date.now()) {
  if (!/^[\w-]{40,60}$/.test(token)) return null;
  const row = await db.accountToken.findUnique({ where: { tokenHash: hashOf(token) } });
  return row && row.purpose === purpose && !row.usedAt && row.expiresAt.getTime() > now
    ? { userId: row.userId, sessionId: row.sessionId }
    : null;
}

/** Uses a link: its record the first time, null if it is unknown, used, expired or for something else. */
export async function spendAccountToken(
  db: PrismaClient,
  purpose: AccountTokenPurpose,
  token: string,
  now = Date.now(),
): Promise<AccountTokenRecord | null> {
  if (!/^[\w-]{40,60}$/.test(token)) return null;
  const tokenHash = hashOf(token);
  const used = await db.accountToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: new Date(now) } },
    data: { usedAt: new Date(now) },
  });
  if (used.count !== 1) return null;
  const row = await db.accountToken.findUniqueOrThrow({ where: { tokenHash } });
  return { userId: row.userId, sessionId: row.sessionId };
}

/** Every unused link of one purpose for a user stops working (a reset done, or a newer one used). */
export async function revokeAccountTokens(db: PrismaClient, userId: string, purpose: AccountTokenPurpose, now = Date.now()) {
  await db.accountToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: new Date(now) } });
}

/** Expired links are deleted (the sweep). */
export async function sweepAccountTokens(db: PrismaClient, now = Date.now()) {
  return (await db.accountToken.deleteMany({ where: { expiresAt: { lt: new Date(now - 86_400_000) } } })).count;
}
