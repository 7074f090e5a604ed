import { z } from "zod";
import { checkCredentials } from "@/lib/auth/credentials";
import { clientIp, requestContext } from "@/lib/auth/request-context";
import { getSessionService, serverKeys } from "@/lib/auth/services";
import { getDatabase } from "@/lib/db/connection";
import { recordDeviceSignIn } from "@/lib/notify/known-devices";
import { readJsonBody } from "@/lib/http/json-body";
import { textKey } from "@/lib/i18n/keys";
import { apiMessages, mobileError } from "@/lib/mobile/errors";
import { tokenPairResponse } from "@/lib/mobile/server";
import { orUnavailable } from "@/lib/db/unavailable";

const signIn = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email(textKey("api.body.emailInvalid"))),
  password: z.string().min(1, textKey("api.body.passwordRequired")).max(1024),
  deviceName: z.string().trim().min(1, textKey("api.body.deviceNameRequired")).max(60),
  /** the app's installation id: a sign-in from one new to the account (or without one) emails the owner */
  deviceId: z
    .string()
    .regex(/^[\w-]{16,128}$/, "deviceId must be 16 to 128 letters, digits, - or _")
    .optional(),
});

/** An app signs in: the same throttled credential check as the browser, then a session of kind `mobile`. */
export const POST = orUnavailable(async (request: Request) => {
  const body = await readJsonBody(request, signIn, 4096);
  if (!body.ok) return body.response;
  const { email, password, deviceName, deviceId } = body.data;
  const context = { ...requestContext(request.headers), deviceLabel: deviceName };
  const check = await checkCredentials({ email, password, ip: clientIp(request.headers), context, purpose: "app-sign-in" });
  const t = apiMessages(request);
  if (!check.ok) {
    return check.reason === "throttled"
      ? mobileError(429, "rate_limited", t.shared.throttled(check.retryAfterSeconds), {
          "retry-after": String(check.retryAfterSeconds),
        })
      : check.reason === "disabled"
        ? mobileError(403, "account_disabled", t.shared.accountDisabled)
        : mobileError(401, "invalid_credentials", t.shared.invalidCredentials);
  }
  const service = await getSessionService();
  const { newDevice } = deviceId
    ? await recordDeviceSignIn(
        (await getDatabase()).prisma,
        serverKeys("known-device").map((k) => k.key),
        check.user.id,
        `app:${deviceId}`,
      )
    : { newDevice: true };
  const created = await service.createSession(check.user.id, context, { kind: "mobile", newDevice });
  if (created.status === "limit-reached") {
    return mobileError(403, "session_limit", t.api.sessionLimit(created.live.length));
  }
  return tokenPairResponse(created.session, created.token);
});
