"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { checkCredentials } from "@/lib/auth/credentials";
import { clientIp, requestContext } from "@/lib/auth/request-context";
import { getSessionService } from "@/lib/auth/services";
import { requireUser } from "@/lib/auth/session";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";

export type ElevateState = FormState<"password"> & { elevatedUntil?: number };

const SESSION_CHANGED = "Your session changed in the meantime. Reload the page and try again.";

/** "Confirm it's you": re-enter the password for a short elevated window (the token is regenerated). */
export const elevate = validatedAction(
  z.object({ password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024, "That password is too long.") }),
  async ({ password }): Promise<ElevateState> => {
    const current = await requireUser();
    const requestHeaders = await headers();
    const context = requestContext(requestHeaders);
    const check = await checkCredentials({ email: current.user.email, password, ip: clientIp(requestHeaders), context, purpose: "elevation" });
    if (!check.ok) {
      return check.reason === "throttled"
        ? { formError: `Too many failed attempts. Try again in ${check.retryAfterSeconds} s.` }
        : { fieldErrors: { password: "That password is not right." } };
    }
    const rotation = await (await getSessionService()).elevateSession(current.cookie.token, context);
    if (rotation.status !== "rotated") return { formError: SESSION_CHANGED };
    await writeSessionCookie(rotation.session, rotation.token);
    revalidatePath("/account", "layout");
    return { elevatedUntil: rotation.session.elevatedUntil ?? undefined };
  },
);

/** Leave elevation early (the token is regenerated again). */
export async function dropElevation(): Promise<{ formError?: string }> {
  const current = await requireUser();
  const rotation = await (await getSessionService()).dropElevation(current.cookie.token, requestContext(await headers()));
  if (rotation.status !== "rotated") return { formError: SESSION_CHANGED };
  await writeSessionCookie(rotation.session, rotation.token);
  revalidatePath("/account", "layout");
  return {};
}
