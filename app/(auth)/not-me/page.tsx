import type { Metadata } from "next";
import Link from "next/link";
import { notMeLinkWorks } from "@/lib/auth/recovery";
import { getMessages } from "@/lib/i18n/server";
import { Notice } from "../../components/notice";
import { NotMeForm } from "./not-me-form";

// the link's token is in this page's address: no other site is sent it as a referrer ("same-origin", not
// "no-referrer", which would make the form's POST say Origin: null and be refused as cross-site)
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.notMe.title, referrer: "same-origin" };
}

/** From the new-sign-in email, without signing in. Opening the link changes nothing; the button does. */
export default async function NotMePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const works = typeof token === "string" && (await notMeLinkWorks(token));
  const t = await getMessages();
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t.auth.notMe.title}</h1>
      {works ? (
        <>
          <p className="text-slate-700">{t.auth.notMe.intro}</p>
          <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <NotMeForm token={token} />
          </div>
        </>
      ) : (
        <>
          <Notice tone="error" role="alert">
            {t.shared.linkNotWorking}
          </Notice>
          <p>
            {t.auth.notMe.worried.before}
            <Link href="/forgot-password" className="text-brand-700 underline">
              {t.auth.notMe.worried.link}
            </Link>
            {t.auth.notMe.worried.after}
          </p>
        </>
      )}
    </div>
  );
}
