import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/connection";
import type { PrismaClient } from "../db/generated/client";
import { PrismaSessionStore } from "../session/stores/prisma";
import { createUsers, freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { storedSession } from "../../test/support/sessions";

/**
 * `npm run sessions:migrate`: copies everything a session needs to the target (migrating its schema
 * first), stays exact when run again or restarted after a kill, and says when the two differ.
 */
const OLD = testDatabaseUrl("session_migrate_cli_old");
const TARGET = testDatabaseUrl("session_migrate_cli_target");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command; `killWhen` SIGKILLs it as soon as its stderr matches (the machine dying mid-copy). */
function migrate(env: Record<string, string>, args: string[] = [], killWhen?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    // node itself with tsx's loader, not the tsx command, which runs the script in a child a SIGKILL would not reach
    const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/sessions-migrate.ts", ...args], {
      env: { ...process.env, DATABASE_URL: OLD, SESSION_STORE_MIGRATION_TARGET: TARGET, SESSION_STORE_MIGRATION: "shadow", ...env },
    });
    const run: Run = { code: null, stdout: "", stderr: "" };
    child.stdout.on("data", (chunk: Buffer) => (run.stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      run.stderr += chunk.toString();
      if (killWhen?.test(run.stderr)) child.kill("SIGKILL");
    });
    child.on("close", (code) => resolve({ ...run, code }));
  });
}

/** An empty database with no schema at all, as a new server's would be. */
async function emptyDatabase(url: string) {
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString() });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

const hash = () => createHash("sha256").update(randomUUID()).digest("hex");

/** Users, sessions live, rotated and revoked, a signing key and audit events: a small real deployment. */
async function seed(prisma: PrismaClient, sessions: number) {
  const users = await createUsers(prisma, 3);
  const store = new PrismaSessionStore(prisma);
  const now = Date.now();
  const rows = Array.from({ length: sessions }, (_, i) => storedSession(randomUUID(), now - i * 1_000, { userId: users[i % 3]! }));
  await prisma.session.createMany({
    data: rows.map((s) => ({
      ...s,
      previousTokenGraceUntil: null,
      elevatedUntil: null,
      revokedAt: null,
      createdAt: new Date(s.createdAt),
      lastSeenAt: new Date(s.lastSeenAt),
      rotatedAt: new Date(s.rotatedAt),
    })),
  });
  for (const s of rows.slice(0, 5)) {
    await store.rotate(s.id, { expectedTokenHash: s.tokenHash, tokenHash: hash(), rotatedAt: now + 1_000, graceUntil: now + 11_000 });
  }
  for (const s of rows.slice(5, 10)) await store.revoke(s.id, "signed-out", now + 2_000);
  await prisma.signingKey.create({
    data: { kid: randomUUID(), alg: "EdDSA", publicJwk: { kty: "OKP", crv: "Ed25519", x: "x" }, privateJwk: "sealed" },
  });
  await prisma.auditEvent.createMany({ data: users.map((userId) => ({ type: "session.created", userId, detail: { kind: "browser" } })) });
  // another system's session adopted (lib/adoption): its record must come along, or a replay would be adopted again
  await prisma.adoptedCredential.create({
    data: {
      credentialHash: hash(),
      source: "authjs",
      sessionId: rows[0]!.id,
      userId: users[0]!,
      adoptedAt: new Date(),
      expiresAt: new Date(now + 86_400_000),
    },
  });
  return rows;
}

const sessionsOf = (prisma: PrismaClient) => prisma.session.findMany({ orderBy: { id: "asc" } });

describe("npm run sessions:migrate, PostgreSQL to PostgreSQL", () => {
  let old: Database;
  let target: Database | undefined;
  beforeAll(async () => {
    old = await openDatabase(await freshDatabase(OLD));
    await seed(old.prisma, 40);
    await emptyDatabase(TARGET);
  });
  afterAll(async () => {
    await old?.close();
    await target?.close();
  });

  it("migrates the target's schema, copies users, sessions, spent tokens, keys and audit, and reports them consistent", async () => {
    const run = await migrate({}, ["--batch-size", "7"]);
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining("consistent: every live session matches") });
    // not a terminal: one progress line per batch
    expect(run.stderr).toMatch(/target schema: applied .*_init/);
    expect(run.stderr).toMatch(/^\[sessions:migrate\] sessions 7\/40 \(17%\), all \d+\/\d+ \(\d+%\)$/m);
    target = await openDatabase(TARGET);
    expect(await sessionsOf(target.prisma)).toEqual(await sessionsOf(old.prisma));
    expect(await target.prisma.spentToken.count()).toBe(5);
    expect(await target.prisma.signingKey.count()).toBe(1);
    expect(await target.prisma.adoptedCredential.findMany()).toEqual(await old.prisma.adoptedCredential.findMany());
    expect(await target.prisma.auditEvent.count()).toBe(await old.prisma.auditEvent.count());
    expect(run.stdout).toMatch(/^sessions\s+40\s+40$/m);
    // the target can take new audit events once DATABASE_URL points at it: its id sequence was moved past the copies
    await expect(target.prisma.auditEvent.create({ data: { type: "session.created", detail: {} } })).resolves.toBeTruthy();
  });

  it("is idempotent: a second run changes nothing and is consistent again", async () => {
    const before = await sessionsOf(target!.prisma);
    const run = await migrate({});
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await sessionsOf(target!.prisma)).toEqual(before);
  });

  it("exits 1 listing a session that differs, by id and field, never by token hash", async () => {
    const stray = storedSession(randomUUID(), Date.now(), { userId: (await target!.prisma.user.findFirstOrThrow()).id });
    await new PrismaSessionStore(target!.prisma).create(stray);
    const run = await migrate({});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("NOT CONSISTENT: 2 problem(s)");
    expect(run.stdout).toContain("sessions: 40 in the old database, 41 in the target");
    expect(run.stdout).toContain(`session ${stray.id}: missing in the old database`);
    expect(run.stdout).not.toContain(stray.tokenHash);
    await target!.prisma.session.delete({ where: { id: stray.id } });
  });

  it("in done leaves the target's sessions alone (they are its own now) and copies the rest", async () => {
    const [first] = await sessionsOf(target!.prisma);
    await target!.prisma.session.update({ where: { id: first!.id }, data: { revokedAt: new Date(), revokedReason: "signed-out" } });
    const run = await migrate({ SESSION_STORE_MIGRATION: "done" });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("not compared");
    expect((await target!.prisma.session.findUniqueOrThrow({ where: { id: first!.id } })).revokedReason).toBe("signed-out");
  });

  it("refuses to run while another run copies to the same target", async () => {
    const other = new pg.Client({ connectionString: TARGET });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock(hashtextextended('sessions:migrate', 0))");
      expect(await migrate({})).toMatchObject({
        code: 2,
        stderr: expect.stringContaining("another sessions:migrate is copying to this target"),
      });
    } finally {
      await other.end();
    }
  });

  it("refuses bad input with a message, not a stack", async () => {
    expect(await migrate({ SESSION_STORE_MIGRATION_TARGET: "", SESSION_STORE_MIGRATION: "" })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("set SESSION_STORE_MIGRATION_TARGET to the postgresql:// URL"),
    });
    expect(await migrate({ SESSION_STORE_MIGRATION_TARGET: "" })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("SESSION_STORE_MIGRATION_TARGET is required while SESSION_STORE_MIGRATION is set"),
    });
    expect(await migrate({}, ["--batch-size", "lots"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--batch-size must be a whole number"),
    });
  });
});

describe("npm run sessions:migrate, interrupted", () => {
  it("killed mid-copy and started again, continues from its checkpoint and finishes consistent", async () => {
    const old = await openDatabase(await freshDatabase(OLD));
    try {
      await seed(old.prisma, 1_500);
      await emptyDatabase(TARGET);
      const killed = await migrate({}, ["--batch-size", "50"], /sessions \d+\/1500/);
      expect(killed.code).toBeNull(); // killed, not finished
      const target = await openDatabase(TARGET);
      try {
        const copiedBefore = await target.prisma.session.count();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(await target.prisma.session.count(), "nothing copies on after the kill").toBe(copiedBefore);
        expect(copiedBefore).toBeGreaterThan(0);
        expect(copiedBefore).toBeLessThan(1_500);
        const resumed = await migrate({}, ["--batch-size", "50"]);
        expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
        expect(resumed.stderr).toContain("resuming from .data/sessions-migrate/");
        // it went on after the checkpoint instead of starting over
        expect(resumed.stderr).not.toMatch(/sessions 50\/1500/);
        expect(await sessionsOf(target.prisma)).toEqual(await sessionsOf(old.prisma));
      } finally {
        await target.close();
      }
    } finally {
      await old.close();
    }
  }, 120_000);
});

describe("npm run sessions:migrate, a checkpoint of other databases", () => {
  it("starts over instead of resuming when the target was created again under the same URL", async () => {
    const old = await openDatabase(await freshDatabase(OLD));
    try {
      await seed(old.prisma, 600);
      await emptyDatabase(TARGET);
      expect((await migrate({}, ["--batch-size", "50"], /sessions \d+\/600/)).code).toBeNull();
      await emptyDatabase(TARGET); // the checkpoint now describes a database that no longer exists
      const run = await migrate({}, ["--batch-size", "50"]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stderr).toContain("the checkpoint found was made for other databases: starting over");
      expect(run.stdout).toMatch(/^sessions\s+600\s+600$/m);
    } finally {
      await old.close();
    }
  }, 120_000);
});

describe("npm run sessions:migrate, from the embedded database", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "sessions-migrate-embedded-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("copies an embedded (PGlite) deployment's sessions to PostgreSQL, consistent", async () => {
    const before = process.env.EMBEDDED_DB_DIR;
    process.env.EMBEDDED_DB_DIR = dir;
    let rows;
    try {
      const embedded = await openDatabase(undefined);
      try {
        await seed(embedded.prisma, 30);
        rows = await sessionsOf(embedded.prisma);
      } finally {
        await embedded.close(); // the embedded database belongs to one process: the app is stopped for the copy
      }
    } finally {
      if (before === undefined) delete process.env.EMBEDDED_DB_DIR;
      else process.env.EMBEDDED_DB_DIR = before;
    }
    await emptyDatabase(TARGET);
    const run = await migrate({ DATABASE_URL: "", EMBEDDED_DB_DIR: dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^sessions\s+30\s+30$/m);
    const target = await openDatabase(TARGET);
    try {
      expect(await sessionsOf(target.prisma)).toEqual(rows);
    } finally {
      await target.close();
    }
  }, 120_000);
});
