import type { Metadata } from "next";
import Link from "next/link";
import { resetLinkAccount } from "@/lib/auth/recovery";
import { MESSAGES } from "@/lib/messages";
import { Notice } from "../../components/notice";
import { ResetForm } from "./reset-form";

// the link's token is in this page's address: no other site is sent it as a referrer ("same-origin", not
// "no-referrer", which would make the form's POST say Origin: null and be refused as cross-site)
export const metadata: Metadata = { title: "Choose a new password", referrer: "same-origin" };

/** Opening the link only shows the form (mail scanners open links too); the token is used when the form is sent. */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token, reported } = await searchParams;
  const account = typeof token === "string" ? await resetLinkAccount(token) : null;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
      {reported === "1" && (
        <Notice tone="success" role="status">
          That sign-in is signed out. Now choose a new password.
        </Notice>
      )}
      {account && typeof token === "string" ? (
        <>
          <p className="text-slate-700">
            For <strong>{account.email}</strong>. Setting it signs out every device and app of the account; this browser is signed in with
            the new password.
          </p>
          <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <ResetForm token={token} />
          </div>
        </>
      ) : (
        <>
          <Notice tone="error" role="alert">
            {MESSAGES.linkNotWorking}
          </Notice>
          <p>
            <Link href="/forgot-password" className="text-brand-700 underline">
              Ask for a new link
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
