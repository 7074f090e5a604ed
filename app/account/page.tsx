import type { Metadata } from "next";
import Link from "next/link";
import { accountNotices } from "@/lib/auth/activity";
import { requireUser } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { getSessionConfig } from "@/lib/session/config";
import { absoluteExpiresAt, idleExpiresAt } from "@/lib/session/timeouts";
import { maskedNetwork } from "../components/format";
import { RelativeTime } from "../components/relative-time";
import { SessionTimers } from "./session-timers";
import { Notice } from "../components/notice";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).account.overview.title };
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, session } = await requireUser();
  const { reset } = await searchParams;
  const { policy } = getSessionConfig();
  const messages = await getMessages();
  const t = messages.account.overview;
  const notices = await accountNotices(user.id, session, messages.account.device);
  const now = Date.now();
  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t.title}</h1>
        <p className="text-slate-600">
          {t.signedInAs}
          <strong data-testid="account-email">{user.email}</strong>
          {user.role === "admin" && (
            <span className="ml-2 rounded bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-900">{t.admin}</span>
          )}
        </p>
      </header>

      {reset === "1" && (
        <Notice tone="success" role="status" data-testid="password-reset-done">
          {t.passwordReset}
        </Notice>
      )}

      {(notices.evictedForThis.length > 0 ||
        notices.newSignIns.length > 0 ||
        notices.failedSignIns > 0 ||
        notices.suspicious.length > 0) && (
        <section aria-labelledby="notices-heading" className="space-y-3" data-testid="notices">
          <h2 id="notices-heading" className="sr-only">
            {t.noticesHeading}
          </h2>
          {notices.evictedForThis.map((e) => (
            <Notice tone="warning" key={e.id} role="status">
              {t.evicted.before(policy.maxSessionsPerUser)}
              <strong>{e.device}</strong>
              {t.evicted.after}
            </Notice>
          ))}
          {notices.newSignIns.map((e) => (
            <Notice tone="info" key={e.id}>
              {t.newSignIn.before}
              <strong>{e.device}</strong> · {maskedNetwork(e.ipPrefix, messages)} · <RelativeTime at={e.at} serverNow={now} />
              {t.newSignIn.notYou}
              <Link href="/account/devices" className="font-medium underline">
                {t.newSignIn.link}
              </Link>
              {t.newSignIn.after}
            </Notice>
          ))}
          {notices.failedSignIns > 0 && (
            <Notice tone="warning">
              {t.failedSignIns.text(notices.failedSignIns)}
              <Link href="/account/activity" className="font-medium underline">
                {t.failedSignIns.link}
              </Link>
              {t.failedSignIns.after}
            </Notice>
          )}
          {notices.suspicious.length > 0 && (
            <Notice tone="error">
              {t.suspicious.before}
              <Link href="/account/activity" className="font-medium underline">
                {t.suspicious.activityLink}
              </Link>
              {t.suspicious.middle}
              <Link href="/account/security" className="font-medium underline">
                {t.suspicious.passwordLink}
              </Link>
              {t.suspicious.after}
            </Notice>
          )}
        </section>
      )}

      <section aria-labelledby="session-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="session-heading" className="mb-4 text-lg font-semibold">
          {t.sessionHeading}
        </h2>
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
