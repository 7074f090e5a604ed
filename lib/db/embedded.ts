import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PoolConfig } from "pg";
import { dbEnv } from "./variables";

/**
 * The embedded default: PostgreSQL 18 compiled to WASM (PGlite) with its data under .data/pglite,
 * served through pglite-socket so the app talks to it with the same `pg` driver and Prisma adapter
 * as a real server. PGlite has no authentication, so it listens on no TCP port: its Unix socket lies
 * in a fresh directory only this process's user can enter (0700), and its data folder is 0700 too,
 * so other users of the machine can neither connect to it nor read its files. One process owns the
 * data folder: stop the app before running db:migrate, db:seed or user:add against it.
 */
export interface EmbeddedPostgres {
  connection: PoolConfig;
  dataDir: string;
  /** the directory holding the socket (private to this process's user) */
  socketDir: string;
  stop(): Promise<void>;
}

export const DEFAULT_EMBEDDED_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "pglite");
const PORT = 5432; // names the socket file (.s.PGSQL.5432); nothing listens on a port

export async function startEmbeddedPostgres(dataDir = dbEnv().EMBEDDED_DB_DIR ?? DEFAULT_EMBEDDED_DIR): Promise<EmbeddedPostgres> {
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import("@electric-sql/pglite"), import("@electric-sql/pglite-socket")]);
  if (dataDir !== "memory://") {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chmod(dataDir, 0o700); // a folder made by an older release was world-readable
  }
  const db = await PGlite.create(dataDir);
  // mkdtemp makes the directory 0700; a short path, as socket paths are limited to ~100 bytes
  const socketDir = await mkdtemp(path.join(tmpdir(), "session-lab-db-"));
  const server = new PGLiteSocketServer({ db, path: path.join(socketDir, `.s.PGSQL.${PORT}`), maxConnections: 16 });
  await server.start();
  return {
    connection: { host: socketDir, port: PORT, user: "postgres", database: "postgres" },
    dataDir,
    socketDir,
    async stop() {
      await server.stop();
      await db.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
