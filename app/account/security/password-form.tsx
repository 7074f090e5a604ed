"use client";

import { useActionState, useEffect, useState } from "react";
import type { StrengthVerdict } from "@/lib/auth/password-strength";
import { Field, FormMessage } from "../../components/field";
import { useLang, useMessages } from "../../components/i18n";
import { changePassword, type PasswordState } from "./actions";
import { Button } from "../../components/button";

/** zxcvbn's scores 0 to 4, by the name of their label */
const SCORES = ["veryWeak", "weak", "fair", "strong", "veryStrong"] as const;

/** The strength of what is typed, judged by the same check the server applies (loaded on first use). */
function StrengthMeter({ password, email }: { password: string; email: string }) {
  const t = useMessages().auth;
  const lang = useLang();
  const [judged, setJudged] = useState<{ password: string; verdict: StrengthVerdict } | null>(null);
  // an emptied field shows the advice again at once; a new password keeps the last verdict until its own is in
  const verdict = password && judged ? judged.verdict : null;
  useEffect(() => {
    if (!password) return;
    let live = true;
    const timer = setTimeout(async () => {
      const { accountWords, checkPasswordStrength } = await import("@/lib/auth/password-strength");
      if (live) setJudged({ password, verdict: checkPasswordStrength(password, accountWords(email), lang) });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [password, email, lang]);
  if (!verdict) return <span>{t.security.hint}</span>;
  return (
    <span className="flex flex-col gap-1">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={verdict.score} aria-label={t.strength.meter} className="h-2 w-full" />
      <span aria-live="polite">
        {t.strength.scores[SCORES[verdict.score]!]}
        {verdict.reason ? ` — ${verdict.reason}` : ""}
      </span>
    </span>
  );
}

export function PasswordForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState<PasswordState, FormData>(changePassword, {});
  const t = useMessages().auth;
  const [typed, setTyped] = useState("");
  // React resets the form after each answer: what the meter judges starts over with it
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setTyped("");
  }
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage error={state.formError} done={state.done} />
      {/* lets password managers tie the new password to the account */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        id="currentPassword"
        label={t.fields.currentPassword}
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.currentPassword}
      />
      <Field
        id="newPassword"
        label={t.fields.newPassword}
        type="password"
        autoComplete="new-password"
        required
        onInput={(e) => setTyped(e.currentTarget.value)}
        error={state.fieldErrors?.newPassword}
        hint={<StrengthMeter password={typed} email={email} />}
      />
      <Field
        id="confirmPassword"
        label={t.fields.newPasswordAgain}
        type="password"
        autoComplete="new-password"
        required
        error={state.fieldErrors?.confirmPassword}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t.security.submitting : t.security.submit}
      </Button>
    </form>
  );
}
