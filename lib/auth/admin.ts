import "server-only";
import { notFound } from "next/navigation";
import { isElevated, requireUser, type CurrentSession } from "./session";

/**
 * Administration needs the admin role and an elevated session. Anyone else gets a plain 404: the
 * admin area does not even confirm that it exists.
 */
export async function requireAdmin(): Promise<{ current: CurrentSession; elevated: boolean }> {
  const current = await requireUser();
  if (current.user.role !== "admin") notFound();
  return { current, elevated: isElevated(current.session) };
}
