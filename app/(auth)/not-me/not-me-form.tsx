"use client";

import { useActionState } from "react";
import { Button } from "../../components/button";
import { FormMessage } from "../../components/field";
import { reportSignIn, type NotMeState } from "./actions";

export function NotMeForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<NotMeState, FormData>(reportSignIn, {});
  return (
    <form action={action} className="space-y-5">
      <FormMessage error={state.formError} />
      <input type="hidden" name="token" value={token} />
      <div className="flex items-start gap-2">
        <input id="everywhere" name="everywhere" type="checkbox" className="mt-1 h-4 w-4" />
        <label htmlFor="everywhere" className="text-sm text-slate-700">
          Also sign out every other device and app of my account
        </label>
      </div>
      <Button type="submit" variant="danger" disabled={pending} wide>
        {pending ? "Signing out…" : "Sign out that sign-in"}
      </Button>
      <p aria-live="polite" className="sr-only">
        {pending ? "Signing out, please wait." : ""}
      </p>
    </form>
  );
}
