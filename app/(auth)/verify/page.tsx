import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { getSessionState } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { SignOutButton } from "../../components/sign-out-button";
import { VerifyForm } from "./verify-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.verify.title };
}

/** Step-up: this session is being used from another browser than it started in. */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  const state = await getSessionState();
  if (!state.current) redirect(`/session/end?${new URLSearchParams({ next, ...(state.reason ? { reason: state.reason } : {}) })}`);
  if (!state.current.stepUp) redirect(next);
  const t = (await getMessages()).auth.verify;
  // Whoever is asked here may hold a stolen cookie: nothing about the account or its devices is shown.
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t.title}</h1>
      <p className="text-slate-700">{t.intro}</p>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <VerifyForm next={next} />
      </div>
      <div className="flex items-center gap-3 text-sm text-slate-600">
        {t.notYou} <SignOutButton />
      </div>
    </div>
  );
}
