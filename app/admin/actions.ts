"use server";

import { endForeignSessions } from "@/lib/auth/adoption";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/admin";
import type { SensitiveState } from "@/lib/auth/sensitive-action";
import { getAuditLog, getSessionService } from "@/lib/auth/services";
import { requestContext } from "@/lib/auth/request-context";
import { setAccountDisabled as setAccountDisabledInStore, usersWithLiveSessions } from "@/lib/auth/accounts";
import type { AuditEventType } from "@/lib/session/types";
import { getMessages } from "@/lib/i18n/server";
import { INCIDENT_CONFIRMATION } from "./confirmation";

const userSchema = z.object({ userId: z.uuid() });

/** Every admin action: role and elevation checked on the server, the acting admin in the audit trail. */
async function asAdmin(formData: FormData | undefined) {
  const { current, elevated } = await requireAdmin();
  const parsed = userSchema.safeParse(formData instanceof FormData ? Object.fromEntries(formData) : {});
  return { current, elevated, userId: parsed.success ? parsed.data.userId : null };
}

async function audit(
  type: AuditEventType,
  adminId: string,
  adminSessionId: string,
  userId: string | null,
  detail: Record<string, string | number>,
) {
  const { userAgent, ipPrefix } = requestContext(await headers());
  await (
    await getAuditLog()
  ).record({ type, userId, sessionId: adminSessionId, userAgent, ipPrefix, detail: { ...detail, by: `admin:${adminId}` }, at: Date.now() });
}

/** Ends every session of one user (browsers and apps, and so every refresh token family). */
export async function endUserSessions(_previous: SensitiveState, formData: FormData): Promise<SensitiveState> {
  const { current, elevated, userId } = await asAdmin(formData);
  if (!elevated) return { needsElevation: true };
  const t = await getMessages();
  if (!userId) return { formError: t.shared.accountNotFound };
  const count = await (
    await getSessionService()
  ).revokeUserSessions(userId, "admin", {
    exceptId: userId === current.user.id ? current.session.id : undefined,
    by: `admin:${current.user.id}`,
  });
  await endForeignSessions(userId);
  await audit("admin.sessions-ended", current.user.id, current.session.id, userId, { count });
  revalidatePath("/admin");
  return { done: count === 0 ? t.admin.done.noneLive : t.admin.done.ended(count) };
}

/** Disables an account (every session ends, sign-in is refused with a message) or enables it again. */
export async function setAccountDisabled(_previous: SensitiveState, formData: FormData): Promise<SensitiveState> {
  const { current, elevated, userId } = await asAdmin(formData);
  if (!elevated) return { needsElevation: true };
  const t = await getMessages();
  if (!userId) return { formError: t.shared.accountNotFound };
  if (userId === current.user.id) return { formError: t.admin.done.cannotDisableSelf };
  const disable = formData.get("disable") === "true";
  const changed = await setAccountDisabledInStore(userId, disable);
  let count = 0;
  if (disable) count = await (await getSessionService()).revokeUserSessions(userId, "account-disabled", { by: `admin:${current.user.id}` });
  if (changed)
    await audit(disable ? "admin.account-disabled" : "admin.account-enabled", current.user.id, current.session.id, userId, {
      sessionsEnded: count,
    });
  revalidatePath("/admin");
  return { done: disable ? t.admin.done.disabled(count) : t.admin.done.enabled };
}

/**
 * The incident switch: ends every live session of every user, browsers and apps (and so every
 * refresh token family), except the acting admin's own, after a typed confirmation.
 */
export async function endEverySession(_previous: SensitiveState, formData: FormData): Promise<SensitiveState> {
  const { current, elevated } = await requireAdmin();
  if (!elevated) return { needsElevation: true };
  const t = await getMessages();
  if (formData.get("confirmation") !== INCIDENT_CONFIRMATION) return { formError: t.admin.done.typeToConfirm(INCIDENT_CONFIRMATION) };
  const service = await getSessionService();
  const by = `admin:${current.user.id}` as const;
  let count = 0;
  // through the session service, user by user, so Redis copies are tombstoned and every ending audited
  for (;;) {
    const users = await usersWithLiveSessions(current.session.id);
    if (users.length === 0) break;
    for (const userId of users) count += await service.revokeUserSessions(userId, "admin", { exceptId: current.session.id, by });
  }
  await endForeignSessions("everyone");
  await audit("admin.incident-all-sessions-ended", current.user.id, current.session.id, null, { count });
  revalidatePath("/admin");
  return { done: t.admin.done.endedEveryone(count) };
}
