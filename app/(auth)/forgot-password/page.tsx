import type { Metadata } from "next";
import Link from "next/link";
import { ForgotForm } from "./forgot-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Forgot your password?</h1>
      <p className="text-slate-700">
        Enter the email address of your account. We will email you a link to choose a new password; it works once, within 30 minutes.
      </p>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <ForgotForm />
      </div>
      <p className="text-sm">
        <Link href="/login" className="text-brand-700 underline">
          Back to sign in
        </Link>
      </p>
    </div>
  );
}
