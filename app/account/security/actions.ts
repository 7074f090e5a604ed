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
import { MESSAGES } from "@/lib/messages";

const schema = z
  .object({
    currentPassword: passwordField("Enter your current password."),
    newPassword: passwordField("Choose a new password."),
    confirmPassword: z.string({ error: "Enter the new password again." }),
  })
  .refine((d) => d.newPassword === d.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords are not the same." });

export type PasswordState = FormState<"currentPassword" | "newPassword" | "confirmPassword"> & { done?: string };

/**
 * Password change: the current password (a fresh re-authentication in itself), a new one strong
 * enough, then every other session of the user ends (browsers and apps) and this one gets a new token.
 */
export const changePassword = validatedAction(schema, async ({ currentPassword, newPassword }): Promise<PasswordState> => {
  const current = await requireUser();
  const check = await reauthenticate(current, currentPassword, "password-change");
  if (!check.ok) return { fieldErrors: { currentPassword: "That is not your current password." } };
  const { context } = check;
  if (newPassword === currentPassword) return { fieldErrors: { newPassword: "Choose a password different from the current one." } };
  const strength = checkPasswordStrength(newPassword, accountWords(current.user.email));
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
  const others = ended === 0 ? MESSAGES.noOtherDevice : `${ended} other ${ended === 1 ? "session was" : "sessions were"} signed out.`;
  return { done: `Your password is changed. ${others} You stay signed in here.` };
});
