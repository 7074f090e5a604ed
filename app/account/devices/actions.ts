"use server";

import { endForeignSessions } from "@/lib/auth/adoption";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireElevatedUser, type SensitiveState } from "@/lib/auth/sensitive-action";
import { getSessionService } from "@/lib/auth/services";
import { getMessages } from "@/lib/i18n/server";

const sessionIdSchema = z.object({ sessionId: z.uuid() });

/** Ends one of the user's other sessions (ASVS 7.5.2: after re-authentication). */
export async function endSession(_previous: SensitiveState, formData: FormData): Promise<SensitiveState> {
  const { current, elevated } = await requireElevatedUser();
  if (!elevated) return { needsElevation: true };
  const t = (await getMessages()).account.devices;
  const parsed = sessionIdSchema.safeParse(formData instanceof FormData ? Object.fromEntries(formData) : {});
  if (!parsed.success) return { formError: t.notFound };
  if (parsed.data.sessionId === current.session.id) return { formError: t.useSignOut };
  const ended = await (
    await getSessionService()
  ).revokeUserSession(current.user.id, parsed.data.sessionId, "revoked-by-user", `session:${current.session.id}`);
  revalidatePath("/account/devices");
  if (!ended) return { formError: t.alreadyEnded };
  return { done: t.signedOut };
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
  const t = await getMessages();
  return { done: count === 0 ? t.shared.noOtherDevice : t.account.devices.signedOutOthers(count) };
}
