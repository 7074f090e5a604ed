import "server-only";
import { isElevated, requireUser, type CurrentSession } from "./session";

/**
 * Sensitive actions (ending sessions, admin work) need an elevated session: the password re-entered
 * within the elevation window (ASVS 7.5.2 asks for re-authentication before ending sessions). When it
 * is not, the action answers `needsElevation` and the page asks for the password in place, then
 * submits the same action again.
 */
export interface SensitiveState {
  needsElevation?: boolean;
  formError?: string;
  done?: string;
}

export async function requireElevatedUser(): Promise<{ current: CurrentSession; elevated: boolean }> {
  const current = await requireUser();
  return { current, elevated: isElevated(current.session) };
}
