import type { Metadata } from "next";
import Link from "next/link";
import { notMeLinkWorks } from "@/lib/auth/recovery";
import { MESSAGES } from "@/lib/messages";
import { Notice } from "../../components/notice";
import { NotMeForm } from "./not-me-form";

// the link's token is in this page's address: no other site is sent it as a referrer ("same-origin", not
// "no-referrer", which would make the form's POST say Origin: null and be refused as cross-site)
export const metadata: Metadata = { title: "This wasn't me", referrer: "same-origin" };

/** From the new-sign-in email, without signing in. Opening the link changes nothing; the button does. */
export default async function NotMePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const works = typeof token === "string" && (await notMeLinkWorks(token));
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">This wasn&apos;t me</h1>
      {works ? (
        <>
          <p className="text-slate-700">
            We will sign out the sign-in the email told you about, at once. Then choose a new password, so that whoever signed in cannot do
            it again.
          </p>
          <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <NotMeForm token={token} />
          </div>
        </>
      ) : (
        <>
          <Notice tone="error" role="alert">
            {MESSAGES.linkNotWorking}
          </Notice>
          <p>
            If you are worried about your account,{" "}
            <Link href="/forgot-password" className="text-brand-700 underline">
              choose a new password
            </Link>
            .
          </p>
        </>
      )}
    </div>
  );
}
