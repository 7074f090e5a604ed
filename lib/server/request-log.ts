import { headers } from "next/headers";
import type { Logger } from "pino";
import { log } from "../log";

export { errorFields } from "../log";

/** The logger for the current request, with its id attached; the plain one outside a request. */
export async function requestLog(): Promise<Logger> {
  try {
    const id = (await headers()).get("x-request-id");
    return id ? log.child({ requestId: id }) : log;
  } catch {
    return log;
  }
}
