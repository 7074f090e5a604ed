// `npm run db:remove-demo`: deletes the demo accounts (and their sessions and trail) from DATABASE_URL or the embedded database.
import "dotenv/config";
import { openDatabase } from "../lib/db/connection";
import { removeDemoUsers } from "../lib/auth/accounts";
import { readEnv } from "../lib/env";

const db = await openDatabase(readEnv().DATABASE_URL);
try {
  const removed = await removeDemoUsers(db.prisma);
  console.log(removed.length ? `removed: ${removed.join(", ")}` : "no demo accounts found");
} finally {
  await db.close();
}
