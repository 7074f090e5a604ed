// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded database when unset).
import "dotenv/config";
import { openDatabase } from "../lib/db/connection";
import { applyMigrations } from "../lib/db/migrate";
import { readEnv } from "../lib/env";

const db = await openDatabase(readEnv().DATABASE_URL);
try {
  const applied = await applyMigrations(db.pool);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} finally {
  await db.close();
}
