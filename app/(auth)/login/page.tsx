import type { Metadata } from "next";
import { getSessionConfig, isLoginReason, type LoginReason } from "@/lib/session/config";
import { formatDuration } from "@/lib/session/duration";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { AnnounceSignedOut } from "../../components/session-watcher";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

function reasonMessage(reason: string | undefined): string | null {
  const { policy } = getSessionConfig();
  const messages: Record<LoginReason, string> = {
    idle: `You were signed out after ${formatDuration(policy.idleTimeoutMs)} without activity.`,
    absolute: `Your session reached its ${formatDuration(policy.absoluteTimeoutMs)} limit. Please sign in again.`,
    revoked: "Your session was ended. Please sign in again.",
    suspicious: "We ended your session because it was used from another browser. Please sign in again.",
    "signed-out": "You have signed out.",
  };
  return isLoginReason(reason) ? messages[reason] : null;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = typeof params.reason === "string" ? params.reason : undefined;
  const message = reasonMessage(reason);
  const next = safeNextPath(params.next, "");
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      {reason === "signed-out" && <AnnounceSignedOut />}
      {message && (
        <p role="status" data-reason={reason} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {message}
        </p>
      )}
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <LoginForm next={next || undefined} />
      </div>
    </div>
  );
}
