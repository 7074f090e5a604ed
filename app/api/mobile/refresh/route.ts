import { z } from "zod";
import { getSessionService } from "@/lib/auth/services";
import { readJsonBody } from "@/lib/http/json-body";
import { textKey } from "@/lib/i18n/keys";
import { apiMessages, refusal } from "@/lib/mobile/errors";
import { accessTokenFor, activeUser, tokenPairResponse } from "@/lib/mobile/server";
import { orUnavailable } from "@/lib/db/unavailable";

const refresh = z.object({ refreshToken: z.string().min(1, textKey("api.body.refreshTokenRequired")).max(256) });

/**
 * Spends the refresh token and returns a new pair; reuse of a spent one ends the session (see
 * refreshSession). The access token is signed before the refresh token is spent, so a failure to
 * answer leaves the app's token as it was.
 */
export const POST = orUnavailable(async (request: Request) => {
  const body = await readJsonBody(request, refresh, 2048);
  if (!body.ok) return body.response;
  const service = await getSessionService();
  const result = await service.refreshSession(body.data.refreshToken, accessTokenFor);
  const t = apiMessages(request);
  if (result.status !== "rotated") return refusal(result.reason, t);
  const account = await activeUser(result.session, t);
  if (!account.ok) return account.response;
  return tokenPairResponse(result.session, result.token, result.answer);
});
