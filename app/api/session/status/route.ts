import { peekSessionState } from "@/lib/auth/session";
import { sessionStatusResponse } from "@/lib/auth/session-status";
import { orUnavailable } from "@/lib/db/unavailable";

/** Session status for polling tabs. Reading it is not activity: it never extends the idle timer. */
export const GET = orUnavailable(async () => {
  return sessionStatusResponse(await peekSessionState());
});
