"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "../../components/field";
import { useMessages } from "../../components/i18n";
import { verify, type VerifyState } from "./actions";
import { Button } from "../../components/button";

export function VerifyForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<VerifyState, FormData>(verify, {});
  const t = useMessages().auth;
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage error={state.formError} />
      <input type="hidden" name="next" value={next} />
      <Field
        id="password"
        label={t.fields.password}
        type="password"
        autoComplete="current-password"
        autoFocus
        required
        error={state.fieldErrors?.password}
      />
      <Button type="submit" disabled={pending} wide>
        {pending ? t.verify.submitting : t.verify.submit}
      </Button>
    </form>
  );
}
