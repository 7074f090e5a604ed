import { hashPassword } from "../auth/password";
import type { PrismaClient } from "./generated/client";

/** Demo accounts for trying the app. Demo only: never seed these into a real deployment. */
export const DEMO_USERS = [
  { email: "alice@example.com", password: "alice-demo-password", role: "user" },
  { email: "bob@example.com", password: "bob-demo-password", role: "user" },
  { email: "admin@example.com", password: "admin-demo-password", role: "admin" },
] as const;

/** Idempotent: creates missing demo users and leaves existing ones (and their passwords) alone. */
export async function seedDemoUsers(db: PrismaClient): Promise<string[]> {
  const created: string[] = [];
  for (const u of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: u.email }, select: { id: true } });
    if (existing) continue;
    await db.user.create({ data: { email: u.email, role: u.role, passwordHash: await hashPassword(u.password) } });
    created.push(u.email);
  }
  return created;
}
