import { getSessionState } from "@/lib/auth/session";
import { sessionStatusResponse } from "@/lib/auth/session-status";
import { orUnavailable } from "@/lib/db/unavailable";

/**
 * "Stay signed in" from the idle warning: a POST that counts as activity (the middleware renews the
 * seal, the store records it) and answers with the new status.
 */
export const POST = orUnavailable(async () => {
  const state = await getSessionState();
  const response = sessionStatusResponse(state);
  return state.current ? response : new Response(response.body, { status: 401, headers: response.headers });
});
