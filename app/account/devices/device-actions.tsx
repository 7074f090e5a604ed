"use client";

import { FormMessage } from "../../components/field";
import { SensitiveForm } from "../elevation";
import { endOtherSessions, endSession } from "./actions";

const button = "rounded-md border px-3 py-1.5 text-sm font-medium disabled:opacity-60";

/** "Sign out" for one device; asks for the password first unless recently confirmed. */
export function EndSessionButton({ sessionId, deviceName }: { sessionId: string; deviceName: string }) {
  return (
    <SensitiveForm action={endSession}>
      {(state, pending) => (
        <>
          <input type="hidden" name="sessionId" value={sessionId} />
          <button type="submit" disabled={pending} className={`${button} border-red-300 text-red-800 hover:bg-red-50`} aria-label={`Sign out ${deviceName}`}>
            {pending ? "Signing out…" : "Sign out"}
          </button>
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
          <button type="submit" disabled={disabled || pending} className={`${button} border-red-300 bg-white text-red-800 hover:bg-red-50`}>
            {pending ? "Signing out…" : "Sign out all other devices"}
          </button>
          <FormMessage error={state.formError} done={state.done} />
        </>
      )}
    </SensitiveForm>
  );
}
