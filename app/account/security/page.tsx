import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Password" };

export default async function SecurityPage() {
  const { user } = await requireUser();
  return (
    <section aria-labelledby="password-heading" className="space-y-4">
      <header>
        <h1 id="password-heading" className="text-2xl font-semibold tracking-tight">
          Change your password
        </h1>
        <p className="text-slate-600">Every other device and app signed in to your account is signed out. You stay signed in here.</p>
      </header>
      <div className="max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <PasswordForm email={user.email} />
      </div>
    </section>
  );
}
