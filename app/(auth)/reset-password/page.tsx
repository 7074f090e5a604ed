import type { Metadata } from "next";
import Link from "next/link";
import { resetLinkAccount } from "@/lib/auth/recovery";
import { getMessages } from "@/lib/i18n/server";
import { Notice } from "../../components/notice";
import { ResetForm } from "./reset-form";

// the link's token is in this page's address: no other site is sent it as a referrer ("same-origin", not
// "no-referrer", which would make the form's POST say Origin: null and be refused as cross-site)
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.reset.title, referrer: "same-origin" };
}

/** Opening the link only shows the form (mail scanners open links too); the token is used when the form is sent. */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token, reported } = await searchParams;
  const account = typeof token === "string" ? await resetLinkAccount(token) : null;
  const t = await getMessages();
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t.auth.reset.title}</h1>
      {reported === "1" && (
        <Notice tone="success" role="status">
          {t.auth.reset.reported}
        </Notice>
      )}
      {account && typeof token === "string" ? (
        <>
          <p className="text-slate-700">
            {t.auth.reset.forAccount.before}
            <strong>{account.email}</strong>
            {t.auth.reset.forAccount.after}
          </p>
          <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <ResetForm token={token} />
          </div>
        </>
      ) : (
        <>
          <Notice tone="error" role="alert">
            {t.shared.linkNotWorking}
          </Notice>
          <p>
            <Link href="/forgot-password" className="text-brand-700 underline">
              {t.auth.reset.askForNewLink}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
