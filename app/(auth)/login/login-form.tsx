"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "../../components/field";
import { useMessages } from "../../components/i18n";
import { signIn, type SignInState } from "./actions";
import { Button } from "../../components/button";

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, {});
  const t = useMessages().auth;
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage error={state.formError} />
      {next && <input type="hidden" name="next" value={next} />}
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
      <Field
        id="password"
        label={t.fields.password}
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
      />
      <Button type="submit" disabled={pending} wide>
        {pending ? t.login.submitting : t.login.submit}
      </Button>
      <p aria-live="polite" className="sr-only">
        {pending ? t.login.submittingStatus : ""}
      </p>
    </form>
  );
}
