import type { Metadata } from "next";
import Link from "next/link";
import { getSessionConfig } from "@/lib/session/config";
import { isLoginReason } from "@/lib/session/reasons";
import { formatDuration } from "@/lib/session/duration";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { getFormats, getLang, getMessages } from "@/lib/i18n/server";
import { AnnounceSignedOut } from "../../components/session-watcher";
import { LoginForm } from "./login-form";
import { Notice } from "../../components/notice";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.login.title };
}

async function reasonMessage(reason: string | undefined): Promise<string | null> {
  if (!isLoginReason(reason)) return null;
  const { policy } = getSessionConfig();
  const [t, f, lang] = await Promise.all([getMessages(), getFormats(), getLang()]);
  // English names the timeouts as the policy is written ("30m"); other languages in words ("30分")
  const words = lang === "en" ? formatDuration : f.duration;
  return t.auth.login.reasons[reason]({ idle: words(policy.idleTimeoutMs), absolute: words(policy.absoluteTimeoutMs) });
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = typeof params.reason === "string" ? params.reason : undefined;
  const [message, t] = await Promise.all([reasonMessage(reason), getMessages()]);
  const next = safeNextPath(params.next, "");
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t.auth.login.title}</h1>
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
          {t.auth.login.forgotPassword}
        </Link>
      </p>
    </div>
  );
}
