"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setPasswordHash } from "@/lib/auth/accounts";
import { hashPassword } from "@/lib/auth/password";
import { accountWords, checkPasswordStrength } from "@/lib/auth/password-strength";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { getAuditLog, getSessionService } from "@/lib/auth/services";
import { requireUser } from "@/lib/auth/session";
import { endForeignSessions } from "@/lib/auth/adoption";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";
import { passwordField } from "@/lib/auth/fields";
import { getLang, getMessages } from "@/lib/i18n/server";
import { textKey } from "@/lib/i18n/keys";

const schema = z
  .object({
    currentPassword: passwordField(textKey("auth.security.enterCurrent")),
    newPassword: passwordField(textKey("auth.newPassword.missing")),
    confirmPassword: z.string({ error: textKey("auth.newPassword.missingAgain") }),
  })
  .refine((d) => d.newPassword === d.confirmPassword, { path: ["confirmPassword"], message: textKey("auth.newPassword.mismatch") });

export type PasswordState = FormState<"currentPassword" | "newPassword" | "confirmPassword"> & { done?: string };

/**
 * Password change: the current password (a fresh re-authentication in itself), a new one strong
 * enough, then every other session of the user ends (browsers and apps) and this one gets a new token.
 */
export const changePassword = validatedAction(schema, async ({ currentPassword, newPassword }): Promise<PasswordState> => {
  const current = await requireUser();
  const check = await reauthenticate(current, currentPassword, "password-change");
  const [t, lang] = await Promise.all([getMessages(), getLang()]);
  if (!check.ok) return { fieldErrors: { currentPassword: t.auth.security.wrongCurrent } };
  const { context } = check;
  if (newPassword === currentPassword) return { fieldErrors: { newPassword: t.auth.security.sameAsCurrent } };
  const strength = checkPasswordStrength(newPassword, accountWords(current.user.email), lang);
  if (!strength.acceptable) return { fieldErrors: { newPassword: strength.reason } };

  const passwordHash = await hashPassword(newPassword);
  const service = await getSessionService();
  const endOthers = () =>
    service.revokeUserSessions(current.user.id, "password-changed", { exceptId: current.session.id, by: `session:${current.session.id}` });
  // before and after the new hash is stored: a sign-in with the old password in between cannot survive
  let ended = await endOthers();
  await setPasswordHash(current.user.id, passwordHash);
  ended += await endOthers();
  await endForeignSessions(current.user.id);

  const rotation = await service.elevateSession(current.cookie.token, context);
  if (rotation.status === "rotated") await writeSessionCookie(rotation.session, rotation.token);
  await (
    await getAuditLog()
  ).record({
    type: "account.password-changed",
    userId: current.user.id,
    sessionId: current.session.id,
    ...context,
    detail: { endedSessions: ended },
    at: Date.now(),
  });
  revalidatePath("/account", "layout");
  return { done: t.auth.security.changed(ended === 0 ? t.shared.noOtherDevice : t.auth.security.othersEnded(ended)) };
});
