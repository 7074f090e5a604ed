import type { Metadata } from "next";
import Link from "next/link";
import { getMessages } from "@/lib/i18n/server";
import { ForgotForm } from "./forgot-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.forgot.title };
}

export default async function ForgotPasswordPage() {
  const t = (await getMessages()).auth.forgot;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t.heading}</h1>
      <p className="text-slate-700">{t.intro}</p>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <ForgotForm />
      </div>
      <p className="text-sm">
        <Link href="/login" className="text-brand-700 underline">
          {t.backToSignIn}
        </Link>
      </p>
    </div>
  );
}
