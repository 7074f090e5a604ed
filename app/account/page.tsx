import type { Metadata } from "next";
import Link from "next/link";
import { accountNotices } from "@/lib/auth/activity";
import { requireUser } from "@/lib/auth/session";
import { getSessionConfig } from "@/lib/session/config";
import { absoluteExpiresAt, idleExpiresAt } from "@/lib/session/timeouts";
import { maskedNetwork } from "../components/format";
import { RelativeTime } from "../components/relative-time";
import { SessionTimers } from "./session-timers";
import { Notice } from "../components/notice";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, session } = await requireUser();
  const { reset } = await searchParams;
  const { policy } = getSessionConfig();
  const notices = await accountNotices(user.id, session);
  const now = Date.now();
  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
        <p className="text-slate-600">
          Signed in as <strong data-testid="account-email">{user.email}</strong>
          {user.role === "admin" && <span className="ml-2 rounded bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-900">admin</span>}
        </p>
      </header>

      {reset === "1" && (
        <Notice tone="success" role="status" data-testid="password-reset-done">
          Your password is reset. Every other device and app was signed out; you are signed in here.
        </Notice>
      )}

      {(notices.evictedForThis.length > 0 ||
        notices.newSignIns.length > 0 ||
        notices.failedSignIns > 0 ||
        notices.suspicious.length > 0) && (
        <section aria-labelledby="notices-heading" className="space-y-3" data-testid="notices">
          <h2 id="notices-heading" className="sr-only">
            Notices
          </h2>
          {notices.evictedForThis.map((e) => (
            <Notice tone="warning" key={e.id} role="status">
              You were signed in on {policy.maxSessionsPerUser} devices, the most allowed, so <strong>{e.device}</strong> was signed out to
              make room for this one.
            </Notice>
          ))}
          {notices.newSignIns.map((e) => (
            <Notice tone="info" key={e.id}>
              New sign-in on <strong>{e.device}</strong> · {maskedNetwork(e.ipPrefix)} · <RelativeTime at={e.at} serverNow={now} />. Not
              you?{" "}
              <Link href="/account/devices" className="font-medium underline">
                Review your devices
              </Link>
              .
            </Notice>
          ))}
          {notices.failedSignIns > 0 && (
            <Notice tone="warning">
              {notices.failedSignIns === 1 ? "1 failed sign-in attempt" : `${notices.failedSignIns} failed sign-in attempts`} on your
              account since you signed in here.{" "}
              <Link href="/account/activity" className="font-medium underline">
                See activity
              </Link>
              .
            </Notice>
          )}
          {notices.suspicious.length > 0 && (
            <Notice tone="error">
              Your session was used from another browser or network.{" "}
              <Link href="/account/activity" className="font-medium underline">
                See activity
              </Link>{" "}
              and, if it was not you,{" "}
              <Link href="/account/security" className="font-medium underline">
                change your password
              </Link>
              .
            </Notice>
          )}
        </section>
      )}

      <section aria-labelledby="session-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="session-heading" className="mb-4 text-lg font-semibold">
          This session
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
