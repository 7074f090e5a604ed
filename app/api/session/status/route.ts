import { peekSessionState } from "@/lib/auth/session";
import { sessionStatusResponse } from "@/lib/auth/session-status";

/** Session status for polling tabs. Reading it is not activity: it never extends the idle timer. */
export async function GET() {
  return sessionStatusResponse(await peekSessionState());
}
