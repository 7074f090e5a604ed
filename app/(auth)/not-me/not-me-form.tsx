"use client";

import { useActionState } from "react";
import { Button } from "../../components/button";
import { FormMessage } from "../../components/field";
import { useMessages } from "../../components/i18n";
import { reportSignIn, type NotMeState } from "./actions";

export function NotMeForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<NotMeState, FormData>(reportSignIn, {});
  const t = useMessages().auth.notMe;
  return (
    <form action={action} className="space-y-5">
      <FormMessage error={state.formError} />
      <input type="hidden" name="token" value={token} />
      <div className="flex items-start gap-2">
        <input id="everywhere" name="everywhere" type="checkbox" className="mt-1 h-4 w-4" />
        <label htmlFor="everywhere" className="text-sm text-slate-700">
          {t.everywhere}
        </label>
      </div>
      <Button type="submit" variant="danger" disabled={pending} wide>
        {pending ? t.submitting : t.submit}
      </Button>
      <p aria-live="polite" className="sr-only">
        {pending ? t.submittingStatus : ""}
      </p>
    </form>
  );
}
