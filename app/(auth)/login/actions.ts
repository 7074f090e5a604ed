"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { checkCredentials } from "@/lib/auth/credentials";
import { clientIp, requestContext } from "@/lib/auth/request-context";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { getSessionService } from "@/lib/auth/services";
import { signOutForeignSession } from "@/lib/auth/adoption";
import { readSessionCookie, writeSessionCookie } from "@/lib/auth/session-cookie";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";
import { getPreferences, syncConsentAtSignIn } from "@/lib/consent/next";
import { recognizeBrowser } from "@/lib/auth/known-device";
import { setAccountLanguage } from "@/lib/auth/accounts";
import { errorFields, requestLog } from "@/lib/server/request-log";
import { emailField, passwordField } from "@/lib/auth/fields";
import { getMessages } from "@/lib/i18n/server";

const signInSchema = z.object({
  email: emailField,
  password: passwordField(),
  next: z.string().max(2048).optional().catch(undefined),
});

export type SignInState = FormState<"email" | "password">;

export const signIn = validatedAction(
  signInSchema,
  async ({ email, password, next }): Promise<SignInState> => {
    const requestHeaders = await headers();
    const context = requestContext(requestHeaders);
    const check = await checkCredentials({ email, password, ip: clientIp(requestHeaders), context });
    const t = await getMessages();
    if (!check.ok) {
      // one message for an unknown account and a wrong password: the form reveals no accounts
      const formError =
        check.reason === "throttled"
          ? t.shared.throttled(check.retryAfterSeconds)
          : check.reason === "disabled"
            ? t.shared.accountDisabled
            : t.shared.invalidCredentials;
      return { formError, values: { email } };
    }
    const presented = await readSessionCookie();
    const service = await getSessionService();
    // a browser new to the account makes the sign-in's audit event email the owner; their emails
    // are written in the language they sign in with
    const [{ newDevice }, { lang }] = await Promise.all([recognizeBrowser(check.user.id), getPreferences()]);
    await setAccountLanguage(check.user.id, lang);
    const created = await service.createSession(check.user.id, context, { presentedToken: presented?.token, newDevice });
    if (created.status === "limit-reached") {
      return { formError: t.auth.login.sessionLimitAdvice(t.shared.sessionLimit(created.live.length)), values: { email } };
    }
    await writeSessionCookie(created.session, created.token);
    // a session of the system this app replaces, still in this browser, is done with now
    await signOutForeignSession();
    // the user's cookie choices follow them to this browser (or this browser's become theirs)
    await syncConsentAtSignIn(check.user.id).catch(async (error: Error) =>
      (await requestLog()).error(errorFields(error), "consent not synced at sign-in"),
    );
    // sessions ended to make room are named on the account page (from the audit trail)
    redirect(safeNextPath(next));
  },
  ["email"],
);
