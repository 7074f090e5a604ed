import { getDatabase } from "@/lib/db/connection";
import { getRedis } from "@/lib/db/redis";
import { getSessionConfig } from "@/lib/session/config";

/**
 * Node-side start-up (called from instrumentation.ts). Validates the session policy and secrets so a
 * bad value stops the server with a message naming the variable instead of failing on the first
 * request, then opens the database and Redis connections so the first visitor does not wait for them.
 */
export async function startServer() {
  try {
    getSessionConfig();
  } catch (error) {
    console.error(`\n[config] ${(error as Error).message}\n`);
    process.exit(1);
  }
  getRedis();
  await getDatabase().catch((error: Error) => console.error("[db] not reachable at start-up:", error.message));
}
