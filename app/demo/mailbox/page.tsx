import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDatabase } from "@/lib/db/connection";
import { isDemoMode } from "@/lib/db/demo";
import { Notice } from "../../components/notice";
import { RelativeTime } from "../../components/relative-time";

export const metadata: Metadata = { title: "Demo mailbox", referrer: "same-origin" };
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
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Demo mailbox</h1>
      <Notice tone="warning">
        Demo mode: with no SMTP_URL set, the security emails land here instead of in an inbox. Everyone trying this demo sees them; a real
        deployment sends them by SMTP and has no such page.
      </Notice>
      {mails.length === 0 ? (
        <p className="text-slate-600">No email yet. Sign in from another browser, or ask for a password reset, and it appears here.</p>
      ) : (
        <ol className="space-y-4">
          {mails.map((m) => (
            <li key={String(m.id)} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <article aria-labelledby={`mail-${m.id}`}>
                <h2 id={`mail-${m.id}`} className="font-semibold">
                  {m.subject}
                </h2>
                <p className="text-sm text-slate-600">
                  To {m.to} · <RelativeTime at={m.createdAt.getTime()} serverNow={now} />
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
