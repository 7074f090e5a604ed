import type { Metadata } from "next";
import Link from "next/link";
import { activityPage } from "@/lib/auth/activity";
import { requireUser } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { maskedNetwork } from "../../components/format";
import { RelativeTime } from "../../components/relative-time";
import { describeEvent } from "./describe";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).account.activity.title };
}

/** The account's audit trail, newest first: what happened to its sessions, where, and by whom. */
export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, session } = await requireUser();
  const params = await searchParams;
  const before = typeof params.before === "string" ? params.before : undefined;
  const messages = await getMessages();
  const t = messages.account.activity;
  const { events, olderCursor } = await activityPage(user.id, messages.account.device, before);
  const devices = new Map(events.filter((e) => e.sessionId).map((e) => [e.sessionId!, e.device]));
  const now = Date.now();
  return (
    <section aria-labelledby="activity-heading" className="space-y-4">
      <header>
        <h1 id="activity-heading" className="text-2xl font-semibold tracking-tight">
          {t.title}
        </h1>
        <p className="text-slate-600">{t.intro}</p>
      </header>
      {events.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-600">{t.empty}</p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="activity-list">
          {events.map((event) => {
            const { title, by, tone } = describeEvent(event, session.id, devices, t);
            return (
              <li
                key={event.id}
                className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1 px-4 py-3"
                data-event-type={event.type}
              >
                <div className="min-w-0">
                  <p className={tone === "warning" ? "font-medium text-amber-900" : "font-medium"}>
                    {tone === "warning" && <span aria-hidden="true">⚠ </span>}
                    {title}
                    {by && <span className="font-normal text-slate-600"> {by}</span>}
                  </p>
                  <p className="text-sm text-slate-500">
                    {event.device}
                    {event.ipPrefix && ` · ${maskedNetwork(event.ipPrefix, messages)}`}
                    {event.sessionId === session.id && t.thisSession}
                  </p>
                </div>
                <p className="text-sm text-slate-500">
                  <RelativeTime at={event.at} serverNow={now} />
                </p>
              </li>
            );
          })}
        </ol>
      )}
      <nav aria-label={t.pages} className="flex gap-4 text-sm">
        {before && (
          <Link href="/account/activity" className="text-brand-700 underline">
            {t.newest}
          </Link>
        )}
        {olderCursor && (
          <Link href={`/account/activity?before=${olderCursor}`} className="text-brand-700 underline">
            {t.older}
          </Link>
        )}
      </nav>
    </section>
  );
}
