"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { passwordField } from "@/lib/auth/fields";
import { recognizeBrowser } from "@/lib/auth/known-device";
import { accountWords, checkPasswordStrength } from "@/lib/auth/password-strength";
import { resetLinkAccount, resetPassword } from "@/lib/auth/recovery";
import { requestContext } from "@/lib/auth/request-context";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";
import { MESSAGES } from "@/lib/messages";

const schema = z
  .object({
    token: z.string().max(100),
    newPassword: passwordField("Choose a new password."),
    confirmPassword: z.string({ error: "Enter the new password again." }),
  })
  .refine((d) => d.newPassword === d.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords are not the same." });

export type ResetState = FormState<"newPassword" | "confirmPassword">;

/**
 * Sets the new password from an emailed link: every session and app of the account ends, and this
 * browser alone is signed in with a new session.
 */
export const setNewPassword = validatedAction(schema, async ({ token, newPassword }): Promise<ResetState> => {
  const account = await resetLinkAccount(token);
  if (!account) return { formError: MESSAGES.linkNotWorking };
  const strength = checkPasswordStrength(newPassword, accountWords(account.email));
  if (!strength.acceptable) return { fieldErrors: { newPassword: strength.reason } };
  const result = await resetPassword(token, newPassword, requestContext(await headers()));
  if (!result) return { formError: MESSAGES.linkNotWorking };
  if (result.created.status === "created") {
    await writeSessionCookie(result.created.session, result.created.token);
    await recognizeBrowser(result.user.id);
  }
  redirect("/account?reset=1");
});
