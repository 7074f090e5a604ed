// `npm run db:seed`: idempotent demo users, in demo mode only (DEMO_MODE=1). Uses DATABASE_URL or the embedded database.
import "dotenv/config";
import { openDatabase } from "../lib/db/connection";
import { DEMO_USERS, isDemoMode, NOT_IN_DEMO_MODE } from "../lib/db/demo";
import { seedDemoUsers } from "../lib/auth/accounts";
import { readEnv } from "../lib/env";

if (!isDemoMode()) {
  console.error(`\n[db:seed] ${NOT_IN_DEMO_MODE}\n`);
  process.exit(1);
}
const db = await openDatabase(readEnv().DATABASE_URL);
try {
  const created = await seedDemoUsers(db.prisma);
  console.log(created.length ? `created: ${created.join(", ")}` : `demo users already present (${DEMO_USERS.length})`);
} finally {
  await db.close();
}
