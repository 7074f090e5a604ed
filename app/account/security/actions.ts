"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { checkCredentials } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { accountWords, checkPasswordStrength } from "@/lib/auth/password-strength";
import { clientIp, requestContext } from "@/lib/auth/request-context";
import { getAuditLog, getSessionService } from "@/lib/auth/services";
import { requireUser } from "@/lib/auth/session";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";
import { getDatabase } from "@/lib/db/connection";

const schema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(1024, "That password is too long."),
    newPassword: z.string({ error: "Choose a new password." }).min(1, "Choose a new password.").max(1024, "That password is too long."),
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
  const requestHeaders = await headers();
  const context = requestContext(requestHeaders);
  const check = await checkCredentials({ email: current.user.email, password: currentPassword, ip: clientIp(requestHeaders), context, purpose: "password-change" });
  if (!check.ok) {
    return check.reason === "throttled"
      ? { formError: `Too many failed attempts. Try again in ${check.retryAfterSeconds} s.` }
      : { fieldErrors: { currentPassword: "That is not your current password." } };
  }
  if (newPassword === currentPassword) return { fieldErrors: { newPassword: "Choose a password different from the current one." } };
  const strength = checkPasswordStrength(newPassword, accountWords(current.user.email));
  if (!strength.acceptable) return { fieldErrors: { newPassword: strength.reason } };

  const passwordHash = await hashPassword(newPassword);
  const service = await getSessionService();
  const endOthers = () =>
    service.revokeUserSessions(current.user.id, "password-changed", { exceptId: current.session.id, by: `session:${current.session.id}` });
  // before and after the new hash is stored: a sign-in with the old password in between cannot survive
  let ended = await endOthers();
  const { prisma } = await getDatabase();
  await prisma.user.update({ where: { id: current.user.id }, data: { passwordHash, passwordChangedAt: new Date() } });
  ended += await endOthers();

  const rotation = await service.elevateSession(current.cookie.token, context);
  if (rotation.status === "rotated") await writeSessionCookie(rotation.session, rotation.token);
  await (await getAuditLog()).record({
    type: "account.password-changed",
    userId: current.user.id,
    sessionId: current.session.id,
    ...context,
    detail: { endedSessions: ended },
    at: Date.now(),
  });
  revalidatePath("/account", "layout");
  const others = ended === 0 ? "No other device was signed in." : `${ended} other ${ended === 1 ? "session was" : "sessions were"} signed out.`;
  return { done: `Your password is changed. ${others} You stay signed in here.` };
});
