"use client";

import { FormMessage } from "../../components/field";
import { SensitiveForm } from "../elevation";
import { endOtherSessions, endSession } from "./actions";
import { Button } from "../../components/button";

/** "Sign out" for one device; asks for the password first unless recently confirmed. */
export function EndSessionButton({ sessionId, deviceName }: { sessionId: string; deviceName: string }) {
  return (
    <SensitiveForm action={endSession}>
      {(state, pending) => (
        <>
          <input type="hidden" name="sessionId" value={sessionId} />
          <Button type="submit" disabled={pending} variant="danger" size="sm" aria-label={`Sign out ${deviceName}`}>
            {pending ? "Signing out…" : "Sign out"}
          </Button>
          {state.formError && <FormMessage error={state.formError} />}
        </>
      )}
    </SensitiveForm>
  );
}

export function EndOtherSessionsButton({ disabled }: { disabled: boolean }) {
  return (
    <SensitiveForm action={endOtherSessions} className="space-y-2">
      {(state, pending) => (
        <>
          <Button type="submit" disabled={disabled || pending} variant="danger" size="sm">
            {pending ? "Signing out…" : "Sign out all other devices"}
          </Button>
          <FormMessage error={state.formError} done={state.done} />
        </>
      )}
    </SensitiveForm>
  );
}
