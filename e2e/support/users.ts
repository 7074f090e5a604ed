import { mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "../../lib/db/generated/client";
import { hashPassword } from "../../lib/auth/password";

/**
 * A pool of throwaway accounts on every test server, so a test that changes a password, ends
 * sessions or fills the session limit never disturbs another test running in parallel. The launcher
 * (serve.ts) creates them next to the demo users; each test claims one for itself.
 */
export const TEST_USER_PASSWORD = "e2e-user-password";
export const TEST_USER_POOL = 200;
const CLAIMS_DIR = path.join(".data", "e2e-claims");

export interface TestUser {
  email: string;
  password: string;
}

export const testUserEmail = (n: number) => `user-${String(n).padStart(3, "0")}@e2e.test`;

export async function seedTestUsers(prisma: PrismaClient) {
  // one argon2id hash for the whole pool: same password, and 200 hashes would slow every start
  const passwordHash = await hashPassword(TEST_USER_PASSWORD);
  const data = Array.from({ length: TEST_USER_POOL }, (_, n) => ({ email: testUserEmail(n), passwordHash }));
  await prisma.user.createMany({ data, skipDuplicates: true });
}

/** Claims an unused account of a server's pool; exclusive file creation makes the claim atomic across workers. */
export async function claimTestUser(serverPort: number): Promise<TestUser> {
  const dir = path.join(CLAIMS_DIR, String(serverPort));
  await mkdir(dir, { recursive: true });
  for (let n = 0; n < TEST_USER_POOL; n++) {
    try {
      await (await open(path.join(dir, String(n)), "wx")).close();
      return { email: testUserEmail(n), password: TEST_USER_PASSWORD };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  throw new Error(`all ${TEST_USER_POOL} test users of the server on port ${serverPort} are taken: restart it (or raise TEST_USER_POOL)`);
}

/** A server's pool is fresh when it starts (serve.ts recreates its database), and so are its claims. */
export async function releaseTestUsers(serverPort: number) {
  await rm(path.join(CLAIMS_DIR, String(serverPort)), { recursive: true, force: true });
}
