"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "../../components/field";
import { verify, type VerifyState } from "./actions";

export function VerifyForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<VerifyState, FormData>(verify, {});
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage error={state.formError} />
      <input type="hidden" name="next" value={next} />
      <Field id="password" label="Password" type="password" autoComplete="current-password" autoFocus required error={state.fieldErrors?.password} />
      <button type="submit" disabled={pending} className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Checking…" : "Continue"}
      </button>
    </form>
  );
}
