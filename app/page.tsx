import Link from "next/link";
import { DEMO_USERS, isDemoMode } from "@/lib/db/demo";
import { getNotifyConfig } from "@/lib/auth/notifications";
import { getSessionConfig } from "@/lib/session/config";
import { formatDuration } from "@/lib/session/duration";
import { buttonClass } from "./components/button";

export default function HomePage() {
  const { policy } = getSessionConfig();
  const facts = [
    ["Idle timeout", formatDuration(policy.idleTimeoutMs), "Signed out after this long without activity."],
    ["Absolute timeout", formatDuration(policy.absoluteTimeoutMs), "Signed out this long after signing in, whatever you do."],
    ["Token renewal", formatDuration(policy.renewalIntervalMs), "Your session token is replaced this often while you are active."],
  ];
  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <h1 className="text-3xl font-semibold tracking-tight text-brand-900">Sessions you can trust</h1>
        <p className="max-w-2xl text-slate-700">
          Session Lab is a working reference for secure session management in Next.js: sealed, HttpOnly cookies holding a random token whose
          hash lives in PostgreSQL (with a Redis hot copy), checked at the Edge and again on the server, renewed while you work and ended
          everywhere the moment you sign out.
        </p>
        <Link href="/account" className={buttonClass()}>
          Go to your account
        </Link>
      </section>
      <section aria-labelledby="policy-heading" className="space-y-3">
        <h2 id="policy-heading" className="text-lg font-semibold">
          This deployment&apos;s policy <span className="text-sm font-normal text-slate-500">(preset “{policy.preset}”)</span>
        </h2>
        <dl className="grid gap-4 sm:grid-cols-3">
          {facts.map(([term, value, help]) => (
            <div key={term} className="rounded-lg border border-slate-200 bg-white p-4">
              <dt className="text-sm text-slate-500">{term}</dt>
              <dd className="text-2xl font-semibold">{value}</dd>
              <dd className="mt-1 text-sm text-slate-600">{help}</dd>
            </div>
          ))}
        </dl>
      </section>
      {isDemoMode() && (
        <section aria-labelledby="demo-heading" className="space-y-2">
          <h2 id="demo-heading" className="text-lg font-semibold">
            Demo accounts
          </h2>
          <p className="text-sm text-slate-600">
            This server runs in demo mode (DEMO_MODE=1): these accounts exist for trying the app only.
          </p>
          <ul className="list-inside list-disc text-sm text-slate-700">
            {DEMO_USERS.map((u) => (
              <li key={u.email}>
                <code>{u.email}</code> / <code>{u.password}</code>
                {u.role === "admin" && " (admin)"}
              </li>
            ))}
          </ul>
          {getNotifyConfig().mail?.transport === "demo-mailbox" && (
            <p className="text-sm text-slate-600">
              The security emails (a new sign-in, a password reset…) go to the{" "}
              <Link href="/demo/mailbox" className="text-brand-700 underline">
                demo mailbox
              </Link>
              .
            </p>
          )}
        </section>
      )}
    </div>
  );
}
