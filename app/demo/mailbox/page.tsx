import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDatabase } from "@/lib/db/connection";
import { isDemoMode } from "@/lib/db/demo";
import { getMessages } from "@/lib/i18n/server";
import { Notice } from "../../components/notice";
import { RelativeTime } from "../../components/relative-time";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).common.mailbox.title, referrer: "same-origin" };
}
export const dynamic = "force-dynamic";

/**
 * Demo mode without SMTP_URL: the security emails the app would have sent, newest first, so that a
 * person trying the app sees them (and can follow their links). It does not exist outside demo mode.
 */
export default async function DemoMailboxPage() {
  if (!isDemoMode()) notFound();
  const { prisma } = await getDatabase();
  const mails = await prisma.demoMail.findMany({ orderBy: { id: "desc" }, take: 50 });
  const now = Date.now();
  const t = (await getMessages()).common.mailbox;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t.title}</h1>
      <Notice tone="warning">{t.notice}</Notice>
      {mails.length === 0 ? (
        <p className="text-slate-600">{t.empty}</p>
      ) : (
        <ol className="space-y-4">
          {mails.map((m) => (
            <li key={String(m.id)} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <article aria-labelledby={`mail-${m.id}`}>
                <h2 id={`mail-${m.id}`} className="font-semibold">
                  {m.subject}
                </h2>
                <p className="text-sm text-slate-600">
                  {t.to(m.to)} · <RelativeTime at={m.createdAt.getTime()} serverNow={now} />
                </p>
                <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm text-slate-800">{linkify(m.text)}</pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The links of a message as links (only this app's own, which is all the messages contain). */
function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="text-brand-700 underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
