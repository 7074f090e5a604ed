import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { PasswordForm } from "./password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.security.title };
}

export default async function SecurityPage() {
  const { user } = await requireUser();
  const t = (await getMessages()).auth.security;
  return (
    <section aria-labelledby="password-heading" className="space-y-4">
      <header>
        <h1 id="password-heading" className="text-2xl font-semibold tracking-tight">
          {t.heading}
        </h1>
        <p className="text-slate-600">{t.intro}</p>
      </header>
      <div className="max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <PasswordForm email={user.email} />
      </div>
    </section>
  );
}
