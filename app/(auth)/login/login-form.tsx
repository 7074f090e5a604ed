"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "../../components/field";
import { signIn, type SignInState } from "./actions";
import { Button } from "../../components/button";

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, {});
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage error={state.formError} />
      {next && <input type="hidden" name="next" value={next} />}
      <Field
        id="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.values?.email ?? ""}
        key={state.values?.email ?? ""}
        error={state.fieldErrors?.email}
      />
      <Field id="password" label="Password" type="password" autoComplete="current-password" required error={state.fieldErrors?.password} />
      <Button type="submit" disabled={pending} wide>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p aria-live="polite" className="sr-only">
        {pending ? "Signing in, please wait." : ""}
      </p>
    </form>
  );
}
