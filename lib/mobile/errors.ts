import { errorResponse } from "../http/json-body";
import { messagesFor, negotiateLang, type Messages } from "../i18n";
import { REFUSALS, type RefusalReason } from "../session/reasons";
import type { AccessTokenCheck } from "./access-token";

/**
 * The app API's errors: one shape, `{ error, message }`, with stable codes for the app to act on and
 * a message for people in the language of the request's Accept-Language (an app sends no cookie and
 * gives no consent, so nothing else decides it). No server-only imports: the unit tests read these.
 */
export type MobileErrorCode =
  | "invalid_credentials"
  | "invalid_token"
  | "token_reused"
  | "rate_limited"
  | "invalid_request"
  | "session_limit"
  | "account_disabled"
  | "unavailable";

export const mobileError = (status: number, error: MobileErrorCode, message: string, headers?: HeadersInit) =>
  errorResponse(status, error, message, { "cache-control": "no-store", ...Object.fromEntries(new Headers(headers)) });

/** The texts to answer an app's request with, by its Accept-Language. */
export const apiMessages = (request: Request): Messages => messagesFor(negotiateLang(request.headers.get("accept-language")));

/** A refresh or access token the store refused: reuse has its own code, everything else is invalid_token. */
export const refusal = (reason: RefusalReason, t: Messages) =>
  REFUSALS[reason].app === "token_reused"
    ? mobileError(401, "token_reused", t.api.tokenReused)
    : mobileError(401, "invalid_token", t.api.invalidToken, { "www-authenticate": 'Bearer error="invalid_token"' });

/** A request without a well-formed bearer (`missing`), or whose access token failed its check. */
export function bearerRefusal(reason: "missing" | Extract<AccessTokenCheck, { ok: false }>["reason"], t: Messages) {
  if (reason === "missing")
    return mobileError(401, "invalid_token", t.api.bearerMissing, { "www-authenticate": 'Bearer realm="session-lab"' });
  return mobileError(401, "invalid_token", reason === "expired" ? t.api.accessTokenExpired : t.api.accessTokenInvalid, {
    "www-authenticate": `Bearer error="invalid_token", error_description="${reason}"`,
  });
}

export const accountDisabled = (t: Messages) => mobileError(403, "account_disabled", t.shared.accountDisabled);
