import { getSessionService } from "@/lib/auth/services";
import { sweepAdoptedCredentials } from "@/lib/auth/adoption";
import { getDatabase, type Database } from "@/lib/db/connection";
import { pendingMigrations } from "@/lib/db/migrate";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { demoAccountsRefusal, isDemoMode } from "@/lib/db/demo";
import { findDemoUsers, seedDemoUsers } from "@/lib/auth/accounts";
import { frontServer } from "@/lib/http/client-address";
import { getSessionConfig } from "@/lib/session/config";
import { configurationProblems } from "./config-checks";
import { startNotifications } from "@/lib/auth/notifications";
import { errorFields, log } from "../log";

/** Stops start-up with what to change, before any request is served. */
function stop(problems: string[]): never {
  console.error(`\n${problems.map((p) => `[config] ${p}`).join("\n")}\n`);
  process.exit(1);
}

/**
 * Node-side start-up (called from instrumentation.ts). Validates the session policy, the secrets and
 * the production checklist (config-checks.ts) so a bad value stops the server with a message naming
 * the variable instead of failing on the first request; refuses a database with pending migrations
 * or, outside demo mode, with demo accounts; opens the database and Redis connections so the first
 * visitor does not wait for them, and starts the sweep that ends abandoned sessions.
 */
export async function startServer() {
  const problems = configurationProblems(process.env, {
    production: process.env.NODE_ENV === "production",
    frontServer: Boolean(frontServer()),
  });
  if (problems.length) stop(problems);
  const idleTimeoutMs = getSessionConfig().policy.idleTimeoutMs;
  if (isDemoMode())
    log.warn("DEMO MODE (DEMO_MODE=1): the demo accounts and their published passwords are enabled; never run a real deployment like this");
  // an unreachable database is answered with 503s until it is back; a reachable one must be fit to
  // serve, so the checks run as soon as it answers
  if (!(await checkDatabase())) void checkDatabaseOnceReachable();
  // the change bus starts listening now, so memory and Redis serve from the first request
  await getSessionService().catch((error: Error) => log.error(errorFields(error), "session service not ready at start-up"));
  // often enough that an abandoned session is ended (and audited) soon after its idle limit
  const every = Math.min(60_000, Math.max(1_000, idleTimeoutMs / 2));
  setInterval(() => void sweepExpiredSessions(), every).unref();
  // security emails and webhooks: every instance delivers, each message once (lib/notify/outbox.ts)
  await startNotifications().catch((error: Error) => log.error(errorFields(error), "outbox worker not started"));
}

async function checkDatabaseOnceReachable() {
  try {
    while (!(await checkDatabase({ quiet: true }))) await new Promise((r) => setTimeout(r, 2_000));
  } catch (error) {
    log.error(errorFields(error), "start-up database checks failed");
  }
}

/** The database checks; false when the database cannot be reached (yet), and they are to be run again. */
async function checkDatabase({ quiet = false } = {}): Promise<boolean> {
  try {
    await checkReachableDatabase(await getDatabase());
    return true;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    if (!quiet) log.error(errorFields(error), "database not reachable at start-up; its checks run once it answers");
    return false;
  }
}

async function checkReachableDatabase(db: Database) {
  if (!db.embedded) {
    const pending = await pendingMigrations(db.pool);
    if (pending.length) stop([`the database at DATABASE_URL lacks migrations ${pending.join(", ")}: run \`npm run db:migrate\` first`]);
  }
  if (isDemoMode()) {
    // the embedded database is made here, so it gets the demo accounts here; a PostgreSQL server
    // gets them only when asked (`DEMO_MODE=1 npm run db:seed`), never because a server started
    if (db.embedded) await seedDemoUsers(db.prisma);
  } else {
    const demo = await findDemoUsers(db.prisma);
    if (demo.length) stop([demoAccountsRefusal(demo)]);
  }
}

/** Ends every session past its limits, a batch at a time; failures wait for the next round. */
async function sweepExpiredSessions() {
  const BATCH = 500;
  try {
    const service = await getSessionService();
    while ((await service.endExpiredSessions(BATCH)) === BATCH);
    await sweepAdoptedCredentials();
  } catch (error) {
    log.error(errorFields(error), "expiry sweep failed");
  }
}
