// `npm run db:seed`: idempotent demo users (demo only). Uses DATABASE_URL or the embedded database.
import "dotenv/config";
import { openDatabase } from "../lib/db/connection";
import { DEMO_USERS, seedDemoUsers } from "../lib/db/seed";

const db = await openDatabase(process.env.DATABASE_URL);
try {
  const created = await seedDemoUsers(db.prisma);
  console.log(created.length ? `created: ${created.join(", ")}` : `demo users already present (${DEMO_USERS.length})`);
} finally {
  await db.close();
}
