"use client";

import { useActionState, useEffect, useState } from "react";
import type { StrengthVerdict } from "@/lib/auth/password-strength";
import { Field, FormMessage } from "../../components/field";
import { changePassword, type PasswordState } from "./actions";

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];

/** The strength of what is typed, judged by the same check the server applies (loaded on first use). */
function StrengthMeter({ password, email }: { password: string; email: string }) {
  const [verdict, setVerdict] = useState<StrengthVerdict | null>(null);
  useEffect(() => {
    if (!password) return setVerdict(null);
    let live = true;
    const timer = setTimeout(async () => {
      const { accountWords, checkPasswordStrength } = await import("@/lib/auth/password-strength");
      if (live) setVerdict(checkPasswordStrength(password, accountWords(email)));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [password, email]);
  if (!verdict) return <span>At least 12 characters. A few unrelated words make a strong, memorable password.</span>;
  return (
    <span className="flex flex-col gap-1">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={verdict.score} aria-label="Password strength" className="h-2 w-full" />
      <span aria-live="polite">
        {LABELS[verdict.score]}
        {verdict.reason ? ` — ${verdict.reason}` : ""}
      </span>
    </span>
  );
}

export function PasswordForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState<PasswordState, FormData>(changePassword, {});
  const [typed, setTyped] = useState("");
  useEffect(() => setTyped(""), [state]); // the form is reset after each answer
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage error={state.formError} done={state.done} />
      {/* lets password managers tie the new password to the account */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="currentPassword" label="Current password" type="password" autoComplete="current-password" required error={state.fieldErrors?.currentPassword} />
      <Field
        id="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        onInput={(e) => setTyped(e.currentTarget.value)}
        error={state.fieldErrors?.newPassword}
        hint={<StrengthMeter password={typed} email={email} />}
      />
      <Field id="confirmPassword" label="New password, again" type="password" autoComplete="new-password" required error={state.fieldErrors?.confirmPassword} />
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
