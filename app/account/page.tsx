import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { getSessionConfig } from "@/lib/session/config";
import { absoluteExpiresAt, idleExpiresAt } from "@/lib/session/timeouts";
import { SessionTimers } from "./session-timers";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const { user, session } = await requireUser();
  const { policy } = getSessionConfig();
  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
        <p className="text-slate-600">
          Signed in as <strong data-testid="account-email">{user.email}</strong>
          {user.role === "admin" && <span className="ml-2 rounded bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-900">admin</span>}
        </p>
      </header>
      <section aria-labelledby="session-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="session-heading" className="mb-4 text-lg font-semibold">This session</h2>
        <SessionTimers
          createdAt={session.createdAt}
          lastSeenAt={session.lastSeenAt}
          idleExpiresAt={idleExpiresAt(session, policy)}
          absoluteExpiresAt={absoluteExpiresAt(session, policy)}
        />
      </section>
    </div>
  );
}
