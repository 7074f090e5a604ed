"use client";

import { useActionState } from "react";
import { Button } from "../../components/button";
import { Field, FormMessage } from "../../components/field";
import { setNewPassword, type ResetState } from "./actions";

export function ResetForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ResetState, FormData>(setNewPassword, {});
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage error={state.formError} />
      <input type="hidden" name="token" value={token} />
      <Field
        id="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        error={state.fieldErrors?.newPassword}
        hint="At least 12 characters; a passphrase of a few unrelated words works well."
      />
      <Field
        id="confirmPassword"
        label="New password, again"
        type="password"
        autoComplete="new-password"
        required
        error={state.fieldErrors?.confirmPassword}
      />
      <Button type="submit" disabled={pending} wide>
        {pending ? "Saving…" : "Set the new password"}
      </Button>
      <p aria-live="polite" className="sr-only">
        {pending ? "Saving, please wait." : ""}
      </p>
    </form>
  );
}
