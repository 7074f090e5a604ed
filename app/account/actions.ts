"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { requestContext } from "@/lib/auth/request-context";
import { getSessionService } from "@/lib/auth/services";
import { requireUser } from "@/lib/auth/session";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";
import { passwordField } from "@/lib/auth/fields";
import { getMessages } from "@/lib/i18n/server";

export type ElevateState = FormState<"password"> & { elevatedUntil?: number };

/** "Confirm it's you": re-enter the password for a short elevated window (the token is regenerated). */
export const elevate = validatedAction(
  z.object({
    password: passwordField(),
  }),
  async ({ password }): Promise<ElevateState> => {
    const current = await requireUser();
    const t = await getMessages();
    const check = await reauthenticate(current, password, "elevation");
    if (!check.ok) return { fieldErrors: { password: t.shared.wrongPassword } };
    const rotation = await (await getSessionService()).elevateSession(current.cookie.token, check.context);
    if (rotation.status !== "rotated") return { formError: t.shared.sessionChanged };
    await writeSessionCookie(rotation.session, rotation.token);
    revalidatePath("/account", "layout");
    return { elevatedUntil: rotation.session.elevatedUntil ?? undefined };
  },
);

/** Leave elevation early (the token is regenerated again). */
export async function dropElevation(): Promise<{ formError?: string }> {
  const current = await requireUser();
  const rotation = await (await getSessionService()).dropElevation(current.cookie.token, requestContext(await headers()));
  if (rotation.status !== "rotated") return { formError: (await getMessages()).shared.sessionChanged };
  await writeSessionCookie(rotation.session, rotation.token);
  revalidatePath("/account", "layout");
  return {};
}
