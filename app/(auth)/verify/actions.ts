"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { getSessionService } from "@/lib/auth/services";
import { getSessionState } from "@/lib/auth/session";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";
import { passwordField } from "@/lib/auth/fields";
import { getMessages } from "@/lib/i18n/server";

export type VerifyState = FormState<"password">;

/** Step-up: the password from the new browser binds the session to it, with a new token. */
export const verify = validatedAction(
  z.object({
    password: passwordField(),
    next: z.string().max(2048).optional().catch(undefined),
  }),
  async ({ password, next }): Promise<VerifyState> => {
    const state = await getSessionState();
    // a foreign session (lib/adoption) is read-only: it has nothing of ours to bind
    if (!state.current || state.current.foreign) redirect("/login?reason=revoked");
    const check = await reauthenticate(state.current, password, "step-up");
    const t = await getMessages();
    if (!check.ok) return { fieldErrors: { password: t.shared.wrongPassword } };
    const rotation = await (await getSessionService()).verifySession(state.current.cookie.token, check.context);
    if (rotation.status !== "rotated") return { formError: t.auth.verify.sessionChanged };
    await writeSessionCookie(rotation.session, rotation.token);
    redirect(safeNextPath(next));
  },
);
