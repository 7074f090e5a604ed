import { z } from "zod";
import { getSessionService } from "@/lib/auth/services";
import { readJsonBody } from "@/lib/http/json-body";
import { authenticateBearer } from "@/lib/mobile/server";
import { orUnavailable } from "@/lib/db/unavailable";

const logout = z.object({ refreshToken: z.string().min(1).max(256) });

/**
 * Ends the app's session and with it its refresh token family: with the refresh token in the body, or
 * with the access token as a bearer. Ending an already ended session is not an error (204 either way).
 */
export const POST = orUnavailable(async (request: Request) => {
  const service = await getSessionService();
  if (request.headers.has("authorization")) {
    const bearer = await authenticateBearer(request);
    if (!bearer.ok) return bearer.response;
    await service.revokeUserSession(bearer.session.userId, bearer.session.id, "signed-out", "self");
    return new Response(null, { status: 204 });
  }
  const body = await readJsonBody(request, logout, 2048);
  if (!body.ok) return body.response;
  await service.endSessionByToken(body.data.refreshToken);
  return new Response(null, { status: 204 });
});
