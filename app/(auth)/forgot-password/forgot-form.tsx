"use client";

import { useActionState } from "react";
import { Button } from "../../components/button";
import { Field, FormMessage } from "../../components/field";
import { useMessages } from "../../components/i18n";
import { askForReset, type ForgotState } from "./actions";

export function ForgotForm() {
  const [state, action, pending] = useActionState<ForgotState, FormData>(askForReset, {});
  const t = useMessages().auth;
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage error={state.formError} done={state.done} />
      <Field
        id="email"
        label={t.fields.email}
        type="email"
        autoComplete="username"
        required
        defaultValue={state.values?.email ?? ""}
        key={state.values?.email ?? ""}
        error={state.fieldErrors?.email}
      />
      <Button type="submit" disabled={pending} wide>
        {pending ? t.forgot.submitting : t.forgot.submit}
      </Button>
      <p aria-live="polite" className="sr-only">
        {pending ? t.forgot.submittingStatus : ""}
      </p>
    </form>
  );
}
