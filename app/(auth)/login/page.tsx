import type { Metadata } from "next";
import Link from "next/link";
import { getSessionConfig } from "@/lib/session/config";
import { isLoginReason, LOGIN_REASONS } from "@/lib/session/reasons";
import { formatDuration } from "@/lib/session/duration";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { AnnounceSignedOut } from "../../components/session-watcher";
import { LoginForm } from "./login-form";
import { Notice } from "../../components/notice";

export const metadata: Metadata = { title: "Sign in" };

function reasonMessage(reason: string | undefined): string | null {
  if (!isLoginReason(reason)) return null;
  const { policy } = getSessionConfig();
  return LOGIN_REASONS[reason].notice({ idle: formatDuration(policy.idleTimeoutMs), absolute: formatDuration(policy.absoluteTimeoutMs) });
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
        <Notice tone="warning" role="status" data-reason={reason}>
          {message}
        </Notice>
      )}
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <LoginForm next={next || undefined} />
      </div>
      <p className="text-sm">
        <Link href="/forgot-password" className="text-brand-700 underline">
          Forgot your password?
        </Link>
      </p>
    </div>
  );
}
