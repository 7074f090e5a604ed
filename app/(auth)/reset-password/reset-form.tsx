"use client";

import { useActionState } from "react";
import { Button } from "../../components/button";
import { Field, FormMessage } from "../../components/field";
import { useMessages } from "../../components/i18n";
import { setNewPassword, type ResetState } from "./actions";

export function ResetForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ResetState, FormData>(setNewPassword, {});
  const t = useMessages().auth;
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage error={state.formError} />
      <input type="hidden" name="token" value={token} />
      <Field
        id="newPassword"
        label={t.fields.newPassword}
        type="password"
        autoComplete="new-password"
        required
        error={state.fieldErrors?.newPassword}
        hint={t.reset.newPasswordHint}
      />
      <Field
        id="confirmPassword"
        label={t.fields.newPasswordAgain}
        type="password"
        autoComplete="new-password"
        required
        error={state.fieldErrors?.confirmPassword}
      />
      <Button type="submit" disabled={pending} wide>
        {pending ? t.reset.submitting : t.reset.submit}
      </Button>
      <p aria-live="polite" className="sr-only">
        {pending ? t.reset.submittingStatus : ""}
      </p>
    </form>
  );
}
