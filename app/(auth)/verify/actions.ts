"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { checkCredentials } from "@/lib/auth/credentials";
import { clientIp, requestContext } from "@/lib/auth/request-context";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { getSessionService } from "@/lib/auth/services";
import { getSessionState } from "@/lib/auth/session";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";

export type VerifyState = FormState<"password">;

/** Step-up: the password from the new browser binds the session to it, with a new token. */
export const verify = validatedAction(
  z.object({
    password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024, "That password is too long."),
    next: z.string().max(2048).optional().catch(undefined),
  }),
  async ({ password, next }): Promise<VerifyState> => {
    const state = await getSessionState();
    if (!state.current) redirect("/login?reason=revoked");
    const requestHeaders = await headers();
    const context = requestContext(requestHeaders);
    const check = await checkCredentials({ email: state.current.user.email, password, ip: clientIp(requestHeaders), context, purpose: "step-up" });
    if (!check.ok) {
      return check.reason === "throttled"
        ? { formError: `Too many failed attempts. Try again in ${check.retryAfterSeconds} s.` }
        : { fieldErrors: { password: "That password is not right." } };
    }
    const rotation = await (await getSessionService()).verifySession(state.current.cookie.token, context);
    if (rotation.status !== "rotated") return { formError: "Your session changed in the meantime. Sign in again." };
    await writeSessionCookie(rotation.session, rotation.token);
    redirect(safeNextPath(next));
  },
);
