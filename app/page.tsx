import Link from "next/link";
import { DEMO_USERS, isDemoMode } from "@/lib/db/demo";
import { getNotifyConfig } from "@/lib/auth/notifications";
import { getSessionConfig } from "@/lib/session/config";
import { getFormats, getMessages } from "@/lib/i18n/server";
import { buttonClass } from "./components/button";

export default async function HomePage() {
  const { policy } = getSessionConfig();
  const [{ common }, f] = await Promise.all([getMessages(), getFormats()]);
  const t = common.home;
  const facts = [
    [t.idleTimeout, f.duration(policy.idleTimeoutMs), t.idleHelp],
    [t.absoluteTimeout, f.duration(policy.absoluteTimeoutMs), t.absoluteHelp],
    [t.renewal, f.duration(policy.renewalIntervalMs), t.renewalHelp],
  ];
  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <h1 className="text-3xl font-semibold tracking-tight text-brand-900">{t.title}</h1>
        <p className="max-w-2xl text-slate-700">{t.intro}</p>
        <Link href="/account" className={buttonClass()}>
          {t.goToAccount}
        </Link>
      </section>
      <section aria-labelledby="policy-heading" className="space-y-3">
        <h2 id="policy-heading" className="text-lg font-semibold">
          {t.policyHeading}{" "}
          <span className="text-sm font-normal text-slate-600">
            {t.preset.before}
            <code>{policy.preset}</code>
            {t.preset.after}
          </span>
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
            {t.demoHeading}
          </h2>
          <p className="text-sm text-slate-600">{t.demoIntro}</p>
          <ul className="list-inside list-disc text-sm text-slate-700">
            {DEMO_USERS.map((u) => (
              <li key={u.email}>
                <code>{u.email}</code> / <code>{u.password}</code>
                {u.role === "admin" && t.adminRole}
              </li>
            ))}
          </ul>
          {getNotifyConfig().mail?.transport === "demo-mailbox" && (
            <p className="text-sm text-slate-600">
              {t.demoMailBefore}
              <Link href="/demo/mailbox" className="text-brand-700 underline">
                {t.demoMailLink}
              </Link>
              {t.demoMailAfter}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
