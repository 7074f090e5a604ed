import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password";
import type { Database } from "../db/connection";
import { openTestDatabase, TEST_DATABASE_URL } from "../../test/support/databases";

/** `npm run user:add`, the way to create accounts outside demo mode (there is no sign-up page). */
let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.prisma.user.deleteMany({ where: { email: { endsWith: "@user-add.test" } } });
  await db.close();
});

function userAdd(args: string[], stdin: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("node_modules/.bin/tsx", ["lib/cli/user-add.ts", ...args], {
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stderr }));
    child.stdin.end(stdin);
  });
}

describe("npm run user:add", () => {
  it("creates an account with the piped password as argon2id, and an admin with --admin", async () => {
    const email = `${randomUUID()}@user-add.test`;
    expect(await userAdd(["--email", email, "--admin"], "copper violin harbour midnight\n")).toMatchObject({ code: 0 });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("admin");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash, "copper violin harbour midnight")).toBe(true);
  });

  it("refuses a weak password and an existing account, creating nothing (weak passwords)", async () => {
    const email = `${randomUUID()}@user-add.test`;
    expect(await userAdd(["--email", email], "password1234\n")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("password refused"),
    });
    expect(await db.prisma.user.count({ where: { email } })).toBe(0);
    await userAdd(["--email", email], "copper violin harbour midnight\n");
    expect(await userAdd(["--email", email], "another long passphrase here\n")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("already exists"),
    });
  });
});
