import { getSessionService, memoryCacheOptions } from "@/lib/auth/services";
import { getDatabase } from "@/lib/db/connection";
import { getRedis } from "@/lib/db/redis";
import { getSessionConfig } from "@/lib/session/config";
import { errorFields, log } from "./log";

/**
 * Node-side start-up (called from instrumentation.ts). Validates the session policy and secrets so a
 * bad value stops the server with a message naming the variable instead of failing on the first
 * request, opens the database and Redis connections so the first visitor does not wait for them,
 * and starts the sweep that ends abandoned sessions.
 */
export async function startServer() {
  let idleTimeoutMs: number;
  try {
    idleTimeoutMs = getSessionConfig().policy.idleTimeoutMs;
    getRedis();
    memoryCacheOptions(process.env, () => {});
  } catch (error) {
    console.error(`\n[config] ${(error as Error).message}\n`);
    process.exit(1);
  }
  await getDatabase().catch((error: Error) => log.error(errorFields(error), "database not reachable at start-up"));
  // the change bus starts listening now, so memory and Redis serve from the first request
  await getSessionService().catch((error: Error) => log.error(errorFields(error), "session service not ready at start-up"));
  // often enough that an abandoned session is ended (and audited) soon after its idle limit
  const every = Math.min(60_000, Math.max(1_000, idleTimeoutMs / 2));
  setInterval(() => void sweepExpiredSessions(), every).unref();
}

/** Ends every session past its limits, a batch at a time; failures wait for the next round. */
async function sweepExpiredSessions() {
  const BATCH = 500;
  try {
    const service = await getSessionService();
    while ((await service.endExpiredSessions(BATCH)) === BATCH);
  } catch (error) {
    log.error(errorFields(error), "expiry sweep failed");
  }
}
