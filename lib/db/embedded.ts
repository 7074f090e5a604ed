import { mkdir } from "node:fs/promises";
import path from "node:path";

/**
 * The embedded default: PostgreSQL 18 compiled to WASM (PGlite) with its data under .data/pglite,
 * served on a loopback port through pglite-socket so the app talks to it with the same `pg` driver
 * and Prisma adapter as a real server. One process owns the data folder: stop the app before running
 * db:migrate or db:seed against it.
 */
export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export const DEFAULT_EMBEDDED_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "pglite");

export async function startEmbeddedPostgres(dataDir = process.env.EMBEDDED_DB_DIR || DEFAULT_EMBEDDED_DIR): Promise<EmbeddedPostgres> {
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite-socket"),
  ]);
  if (dataDir !== "memory://") await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // port 0: the OS picks a free loopback port, so several checkouts can run side by side
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
  await server.start();
  const [host, port] = server.getServerConn().split(":");
  return {
    url: `postgresql://postgres@${host}:${port}/postgres`,
    dataDir,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
