"use server";

import { endForeignSessions } from "@/lib/auth/adoption";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireElevatedUser, type SensitiveState } from "@/lib/auth/sensitive-action";
import { getSessionService } from "@/lib/auth/services";
import { MESSAGES } from "@/lib/messages";

const sessionIdSchema = z.object({ sessionId: z.uuid() });

/** Ends one of the user's other sessions (ASVS 7.5.2: after re-authentication). */
export async function endSession(_previous: SensitiveState, formData: FormData): Promise<SensitiveState> {
  const { current, elevated } = await requireElevatedUser();
  if (!elevated) return { needsElevation: true };
  const parsed = sessionIdSchema.safeParse(formData instanceof FormData ? Object.fromEntries(formData) : {});
  if (!parsed.success) return { formError: "That device could not be found. Reload the page and try again." };
  if (parsed.data.sessionId === current.session.id) return { formError: "To end this session, use Sign out." };
  const ended = await (
    await getSessionService()
  ).revokeUserSession(current.user.id, parsed.data.sessionId, "revoked-by-user", `session:${current.session.id}`);
  revalidatePath("/account/devices");
  if (!ended) return { formError: "That session had already ended." };
  return { done: "That device is signed out." };
}

/** Ends every session of the user but this one. */
export async function endOtherSessions(_previous: SensitiveState): Promise<SensitiveState> {
  const { current, elevated } = await requireElevatedUser();
  if (!elevated) return { needsElevation: true };
  const count = await (
    await getSessionService()
  ).revokeUserSessions(current.user.id, "revoked-by-user", {
    exceptId: current.session.id,
    by: `session:${current.session.id}`,
  });
  await endForeignSessions(current.user.id);
  revalidatePath("/account/devices");
  return { done: count === 0 ? MESSAGES.noOtherDevice : `Signed out of ${count} other ${count === 1 ? "device" : "devices"}.` };
}
