import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./connection";
import { DEMO_USERS } from "./demo";
import { startEmbeddedPostgres } from "./embedded";
import { findDemoUsers, removeDemoUsers, seedDemoUsers } from "../auth/accounts";
import { openTestDatabase, TEST_DATABASE_URL } from "../../test/support/databases";

const run = promisify(execFile);
const opened: Database[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

async function embedded(env: Record<string, string>) {
  const saved = { DEMO_MODE: process.env.DEMO_MODE, EMBEDDED_DB_DIR: process.env.EMBEDDED_DB_DIR };
  Object.assign(process.env, { DEMO_MODE: "", EMBEDDED_DB_DIR: "memory://", ...env });
  try {
    const db = await openDatabase(undefined);
    opened.push(db);
    return db;
  } finally {
    // (assigning undefined to process.env would store the string "undefined")
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe("demo accounts exist only in demo mode (known admin password in production)", () => {
  it("the embedded database starts without a single account outside demo mode", async () => {
    const db = await embedded({});
    expect(await db.prisma.user.count()).toBe(0);
  });

  it("in demo mode the demo accounts are seeded (as start-up does), and can be removed", async () => {
    const db = await embedded({ DEMO_MODE: "1" });
    expect(await seedDemoUsers(db.prisma, { DEMO_MODE: "1" })).toHaveLength(3);
    expect(await findDemoUsers(db.prisma)).toEqual(DEMO_USERS.map((u) => u.email).sort());
    // and they can be removed, with all that belongs to them
    expect(await removeDemoUsers(db.prisma)).toHaveLength(3);
    expect(await db.prisma.user.count()).toBe(0);
  });

  it("`npm run db:seed` refuses outside demo mode, saying how to run it and how to add a real account", async () => {
    const db = await openTestDatabase();
    opened.push(db);
    await removeDemoUsers(db.prisma); // whatever an earlier run left
    const env = { ...process.env, DATABASE_URL: TEST_DATABASE_URL, DEMO_MODE: "" };
    const refused = await run("node_modules/.bin/tsx", ["prisma/seed.ts"], { env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("DEMO_MODE=1 npm run db:seed") });
    expect((refused as { stderr: string }).stderr).toContain("npm run user:add");
    expect(await findDemoUsers(db.prisma)).toEqual([]);
  });
});

describe("the embedded database is this user's alone (local users)", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it("listens on no TCP port, and keeps its socket and its data in folders only its owner can enter", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "pglite-data-"));
    dirs.push(dataDir);
    const db = await startEmbeddedPostgres(path.join(dataDir, "pglite"));
    try {
      // its owner reaches it through the socket, and only there
      expect(db.connection.host).toBe(db.socketDir);
      const owner = new pg.Client(db.connection);
      await owner.connect();
      expect((await owner.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
      await owner.end();
      for (const dir of [db.socketDir, db.dataDir]) {
        const { mode, uid } = await stat(dir);
        expect((mode & 0o777).toString(8)).toBe("700");
        expect(uid).toBe(process.getuid!());
      }
      if (process.getuid!() === 0) {
        // as another user of the machine, connecting is refused by the file system
        const script = `new (require("pg").Client)(${JSON.stringify(db.connection)}).connect().then(() => console.log("connected"), (e) => console.log(e.code))`;
        const { stdout } = await run("runuser", ["-u", "nobody", "--", process.execPath, "-e", script], { cwd: process.cwd() });
        expect(stdout.trim()).toBe("EACCES");
      }
    } finally {
      await db.stop();
    }
  });
});
