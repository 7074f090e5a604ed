import { getDatabase } from "../db/connection";
import { DEMO_USERS, isDemoMode, NOT_IN_DEMO_MODE } from "../db/demo";
import type { PrismaClient } from "../db/generated/client";
import { hashPassword } from "./password";

/**
 * Accounts in the database, each change a function named for what it does (the pages, actions and
 * tools call these, not Prisma). Sign-up is not part of the app: accounts come from
 * `npm run user:add`, or, in demo mode only, the published demo accounts (lib/db/demo.ts).
 */

export type Role = "user" | "admin";

/** A new account with an argon2id hash of its password; null when the email is taken. */
export async function createAccount(email: string, password: string, role: Role, db?: PrismaClient): Promise<{ id: string } | null> {
  const prisma = db ?? (await getDatabase()).prisma;
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) return null;
  return prisma.user.create({ data: { email, role, passwordHash: await hashPassword(password) }, select: { id: true } });
}

/** Stores a new password hash (the caller ends the other sessions around it). */
export async function setPasswordHash(userId: string, passwordHash: string): Promise<void> {
  const { prisma } = await getDatabase();
  await prisma.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } });
}

/** The language the account's security emails are written in (that of its latest sign-in). */
export async function setAccountLanguage(userId: string, language: "en" | "ja"): Promise<void> {
  const { prisma } = await getDatabase();
  await prisma.user.updateMany({ where: { id: userId, language: { not: language } }, data: { language } });
}

/** Disables or enables an account; false when it already was (so the change is audited once). */
export async function setAccountDisabled(userId: string, disabled: boolean): Promise<boolean> {
  const { prisma } = await getDatabase();
  const changed = await prisma.user.updateMany({
    where: { id: userId, disabledAt: disabled ? null : { not: null } },
    data: { disabledAt: disabled ? new Date() : null },
  });
  return changed.count === 1;
}

/** The administration's search: up to `limit` accounts whose email contains `query`, with their live sessions. */
export async function findAccounts(query: string, limit = 20) {
  const { prisma } = await getDatabase();
  return prisma.user.findMany({
    where: query ? { email: { contains: query.toLowerCase() } } : {},
    orderBy: { email: "asc" },
    take: limit,
    select: {
      id: true,
      email: true,
      role: true,
      disabledAt: true,
      sessions: { where: { revokedAt: null }, orderBy: { lastSeenAt: "desc" } },
    },
  });
}

/** Up to `limit` users who have a live session other than `exceptSessionId` (the incident switch, a batch at a time). */
export async function usersWithLiveSessions(exceptSessionId: string, limit = 200): Promise<string[]> {
  const { prisma } = await getDatabase();
  const rows = await prisma.session.findMany({
    where: { revokedAt: null, id: { not: exceptSessionId } },
    distinct: ["userId"],
    select: { userId: true },
    take: limit,
  });
  return rows.map((r) => r.userId);
}

// ── Demo accounts: created in demo mode only, found and removed in any ──────────────────────────

/** Idempotent: creates missing demo users and leaves existing ones (and their passwords) alone. */
export async function seedDemoUsers(db: PrismaClient, env: Record<string, string | undefined> = process.env): Promise<string[]> {
  if (!isDemoMode(env)) throw new Error(NOT_IN_DEMO_MODE);
  const created: string[] = [];
  for (const u of DEMO_USERS) if (await createAccount(u.email, u.password, u.role, db)) created.push(u.email);
  return created;
}

/** The demo accounts this database holds. */
export async function findDemoUsers(db: PrismaClient): Promise<string[]> {
  const rows = await db.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } }, select: { email: true } });
  return rows.map((r) => r.email).sort();
}

/** Deletes the demo accounts with everything that belongs to them (sessions, audit trail, consent records). */
export async function removeDemoUsers(db: PrismaClient): Promise<string[]> {
  const found = await findDemoUsers(db);
  await db.user.deleteMany({ where: { email: { in: found } } });
  return found;
}
