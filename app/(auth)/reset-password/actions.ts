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
import { getLang, getMessages } from "@/lib/i18n/server";
import { textKey } from "@/lib/i18n/keys";

const schema = z
  .object({
    token: z.string().max(100),
    newPassword: passwordField(textKey("auth.newPassword.missing")),
    confirmPassword: z.string({ error: textKey("auth.newPassword.missingAgain") }),
  })
  .refine((d) => d.newPassword === d.confirmPassword, { path: ["confirmPassword"], message: textKey("auth.newPassword.mismatch") });

export type ResetState = FormState<"newPassword" | "confirmPassword">;

/**
 * Sets the new password from an emailed link: every session and app of the account ends, and this
 * browser alone is signed in with a new session.
 */
export const setNewPassword = validatedAction(schema, async ({ token, newPassword }): Promise<ResetState> => {
  const [account, t, lang] = await Promise.all([resetLinkAccount(token), getMessages(), getLang()]);
  if (!account) return { formError: t.shared.linkNotWorking };
  const strength = checkPasswordStrength(newPassword, accountWords(account.email), lang);
  if (!strength.acceptable) return { fieldErrors: { newPassword: strength.reason } };
  const result = await resetPassword(token, newPassword, requestContext(await headers()));
  if (!result) return { formError: t.shared.linkNotWorking };
  if (result.created.status === "created") {
    await writeSessionCookie(result.created.session, result.created.token);
    await recognizeBrowser(result.user.id);
  }
  redirect("/account?reset=1");
});
