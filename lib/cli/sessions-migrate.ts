// `npm run sessions:migrate [-- --batch-size 500] [--checkpoint <file>]`: copies what sessions need
// from the system of record (DATABASE_URL, or the embedded database) to SESSION_STORE_MIGRATION_TARGET,
// with the app running in the shadow phase (README "Moving the session store"): users, every session
// (live and ended, so a replayed old cookie still reads as ended and the activity page keeps its
// device names), every spent token, the app API's signing keys, the audit trail and consent records.
// Migrates the target's schema first. Upserts in key order, batch by batch, with a checkpoint after
// each, so a run that was interrupted continues where it stopped when started again; then a
// consistency report. Exit code: 0 clean, 1 differences (listed), 2 the copy could not finish.
// The embedded database belongs to one process: stop the app for the copy (a restart, as every
// phase change is) and start it in the next phase after.
import "dotenv/config";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { PoolClient } from "pg";
import { openDatabase, type Database } from "../db/connection";
import { applyMigrations } from "../db/migrate";
import { ConfigError, readEnv, type AppEnv } from "../env";
import { COPY_TABLES } from "./store-copy";
import { consistencyReport } from "./store-report";

function fail(message: string, code = 2): never {
  console.error(`[sessions:migrate] ${message}`);
  process.exit(code);
}

function options() {
  try {
    const { values } = parseArgs({ options: { "batch-size": { type: "string", default: "500" }, checkpoint: { type: "string" } } });
    const size = Number(values["batch-size"]);
    if (!Number.isInteger(size) || size < 1 || size > 10_000)
      fail(`--batch-size must be a whole number from 1 to 10000, not "${values["batch-size"]}"`);
    return { size, checkpoint: values.checkpoint };
  } catch (error) {
    fail(`${(error as Error).message}; usage: npm run sessions:migrate [-- --batch-size 500] [--checkpoint <file>]`);
  }
}

function environment(): AppEnv & { SESSION_STORE_MIGRATION_TARGET: string } {
  let env: AppEnv;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration: ${error.problems.join("; ")}`);
    throw error;
  }
  const target = env.SESSION_STORE_MIGRATION_TARGET;
  if (!target)
    fail("set SESSION_STORE_MIGRATION_TARGET to the postgresql:// URL to copy to (and run the app with SESSION_STORE_MIGRATION=shadow)");
  return { ...env, SESSION_STORE_MIGRATION_TARGET: target };
}

/** Where each table's copy got to, for the two databases named by `databases`. */
interface Checkpoint {
  databases: string;
  tables: Record<string, { cursor: string | null; done: boolean }>;
}

/**
 * Which databases these are: the random id of the first migration each recorded, so a database
 * dropped and created again under the same URL never resumes a checkpoint of the one before.
 */
async function databasesOf(...dbs: Database[]) {
  const ids = await Promise.all(
    dbs.map(
      async (db) =>
        (await db.pool.query<{ id: string }>(`SELECT id FROM "_prisma_migrations" ORDER BY started_at, migration_name LIMIT 1`)).rows[0]
          ?.id,
    ),
  );
  return ids.join(" → ");
}

async function loadCheckpoint(file: string, databases: string): Promise<Checkpoint> {
  const saved = JSON.parse(await readFile(file, "utf8").catch(() => "null")) as Checkpoint | null;
  if (saved?.databases === databases) {
    console.error(`[sessions:migrate] resuming from ${path.relative(process.cwd(), file)}`);
    return saved;
  }
  if (saved) console.error("[sessions:migrate] the checkpoint found was made for other databases: starting over");
  return { databases, tables: {} };
}

/** Where a run's progress is kept: one file per pair of databases, removed once a run finishes. */
function checkpointFile(env: AppEnv & { SESSION_STORE_MIGRATION_TARGET: string }, given?: string) {
  if (given) return given;
  const source = env.DATABASE_URL ?? `embedded:${path.resolve(env.EMBEDDED_DB_DIR ?? ".data/pglite")}`;
  const key = createHash("sha256").update(`${source}\n${env.SESSION_STORE_MIGRATION_TARGET}`).digest("hex").slice(0, 16);
  return path.join(process.cwd(), ".data", "sessions-migrate", `${key}.json`);
}

async function save(file: string, checkpoint: Checkpoint) {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(`${file}.${process.pid}.tmp`, JSON.stringify(checkpoint));
  await rename(`${file}.${process.pid}.tmp`, file); // a kill mid-write leaves the previous checkpoint whole
}

/** One line updated in place on a terminal; one line per batch otherwise (a log, a pipe). */
function progress(line: string, final = false) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}${final ? "\n" : ""}`);
  else console.error(line);
}

const percent = (done: number, total: number) => (total === 0 ? 100 : Math.min(100, Math.floor((done * 100) / total)));

const { size, checkpoint: given } = options();
const env = environment();
const phase = env.SESSION_STORE_MIGRATION;
if (!phase)
  console.error("[sessions:migrate] SESSION_STORE_MIGRATION is not set: writes the app makes meanwhile reach the target only in a phase");
// in done the target is the sessions' system of record: copying the old rows over it would undo what happened since
const tables = COPY_TABLES.filter((t) => phase !== "done" || !["sessions", "spent_tokens"].includes(t.name));

let old: Database | undefined;
let target: Database | undefined;
try {
  old = await openDatabase(env.DATABASE_URL);
  target = await openDatabase(env.SESSION_STORE_MIGRATION_TARGET);
} catch (error) {
  await Promise.all([old?.close(), target?.close()]);
  fail(`cannot open ${old ? "the target" : "the old database"}: ${(error as Error).message}`);
}

const file = checkpointFile(env, given);
let exitCode = 0;
let lock: PoolClient | undefined;
try {
  // one run per target at a time: held by this connection, so a killed run releases it with its socket
  lock = await target.pool.connect();
  const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended('sessions:migrate', 0)) AS ok");
  if (!rows[0]?.ok) throw new Error("another sessions:migrate is copying to this target; wait for it to finish");
  const applied = await applyMigrations(target.pool);
  if (applied.length) console.error(`[sessions:migrate] target schema: applied ${applied.join(", ")}`);
  const checkpoint = await loadCheckpoint(file, await databasesOf(old, target));

  const totals = await Promise.all(tables.map((t) => t.count(old!.prisma)));
  const allTotal = totals.reduce((a, b) => a + b, 0);
  let allCopied = 0;
  for (const [i, table] of tables.entries()) {
    const state = (checkpoint.tables[table.name] ??= { cursor: null, done: false });
    let copied = state.done ? totals[i]! : state.cursor ? await table.countUpTo(old.prisma, state.cursor) : 0;
    while (!state.done) {
      const batch = await table.copyAfter(old.prisma, target.prisma, state.cursor, size);
      if (batch) {
        state.cursor = batch.cursor;
        copied += batch.copied;
      } else state.done = true;
      await save(file, checkpoint);
      const shown = Math.min(copied, totals[i]!);
      progress(
        `[sessions:migrate] ${table.name} ${shown}/${totals[i]} (${percent(shown, totals[i]!)}%), all ${allCopied + shown}/${allTotal} (${percent(allCopied + shown, allTotal)}%)`,
      );
    }
    allCopied += Math.min(copied, totals[i]!);
  }
  progress(`[sessions:migrate] copied ${allCopied} rows of ${tables.length} tables`, true);
  await rm(file, { force: true });

  const report = await consistencyReport(old.prisma, target.prisma, { sessions: phase !== "done" });
  console.log("table            old database    target");
  for (const c of report.counts)
    console.log(
      `${c.table.padEnd(16)} ${String(c.old).padStart(12)} ${String(c.target).padStart(9)}${c.judged ? "" : "   (written to the old database until DATABASE_URL moves)"}`,
    );
  if (phase === "done") console.log("sessions and spent tokens: the target is their system of record (phase done), not compared");
  if (report.problems.length) {
    console.log(`NOT CONSISTENT: ${report.problems.length} problem(s)`);
    for (const p of report.problems.slice(0, 50)) console.log(`  ${p}`);
    if (report.problems.length > 50) console.log(`  … and ${report.problems.length - 50} more`);
    exitCode = 1;
  } else console.log("consistent: every live session matches in both databases");
} catch (error) {
  progress("", true);
  console.error(`[sessions:migrate] stopped: ${(error as Error).message}. Run it again to continue from the checkpoint.`);
  exitCode = 2;
} finally {
  lock?.release();
  await Promise.all([old.close(), target.close()]);
}
process.exit(exitCode);
