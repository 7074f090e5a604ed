"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { checkCredentials } from "@/lib/auth/credentials";
import { clientIp, requestContext } from "@/lib/auth/request-context";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { getSessionService } from "@/lib/auth/services";
import { readSessionCookie, writeSessionCookie } from "@/lib/auth/session-cookie";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";
import { syncConsentAtSignIn } from "@/lib/consent/next";
import { errorFields, requestLog } from "@/lib/server/request-log";

const signInSchema = z.object({
  email: z
    .string({ error: "Enter a valid email address." })
    .trim()
    .toLowerCase()
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address.")),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024, "That password is too long."),
  next: z.string().max(2048).optional().catch(undefined),
});

export type SignInState = FormState<"email" | "password">;

export const signIn = validatedAction(
  signInSchema,
  async ({ email, password, next }): Promise<SignInState> => {
    const requestHeaders = await headers();
    const context = requestContext(requestHeaders);
    const check = await checkCredentials({ email, password, ip: clientIp(requestHeaders), context });
    if (!check.ok) {
      // one message for an unknown account and a wrong password: the form reveals no accounts
      const formError =
        check.reason === "throttled"
          ? `Too many failed attempts. Try again in ${check.retryAfterSeconds} s.`
          : check.reason === "disabled"
            ? "This account is disabled. Contact your administrator to have it enabled again."
            : "Invalid email or password.";
      return { formError, values: { email } };
    }
    const presented = await readSessionCookie();
    const service = await getSessionService();
    const created = await service.createSession(check.user.id, context, { presentedToken: presented?.token });
    if (created.status === "limit-reached") {
      const formError =
        `You are signed in on ${created.live.length} devices, the most this site allows. To sign in here, ` +
        "sign out on one of them, or end one from Account → Devices on a device where you are signed in.";
      return { formError, values: { email } };
    }
    await writeSessionCookie(created.session, created.token);
    // the user's cookie choices follow them to this browser (or this browser's become theirs)
    await syncConsentAtSignIn(check.user.id).catch(async (error: Error) => (await requestLog()).error(errorFields(error), "consent not synced at sign-in"));
    // sessions ended to make room are named on the account page (from the audit trail)
    redirect(safeNextPath(next));
  },
  ["email"],
);
