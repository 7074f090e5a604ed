"use client";

import { FormMessage } from "../../components/field";
import { useMessages } from "../../components/i18n";
import { SensitiveForm } from "../elevation";
import { endOtherSessions, endSession } from "./actions";
import { Button } from "../../components/button";

/** "Sign out" for one device; asks for the password first unless recently confirmed. */
export function EndSessionButton({ sessionId, deviceName }: { sessionId: string; deviceName: string }) {
  const t = useMessages().account.devices;
  return (
    <SensitiveForm action={endSession}>
      {(state, pending) => (
        <>
          <input type="hidden" name="sessionId" value={sessionId} />
          <Button type="submit" disabled={pending} variant="danger" size="sm" aria-label={t.signOutDevice(deviceName)}>
            {pending ? t.signingOut : t.signOut}
          </Button>
          {state.formError && <FormMessage error={state.formError} />}
        </>
      )}
    </SensitiveForm>
  );
}

export function EndOtherSessionsButton({ disabled }: { disabled: boolean }) {
  const t = useMessages().account.devices;
  return (
    <SensitiveForm action={endOtherSessions} className="space-y-2">
      {(state, pending) => (
        <>
          <Button type="submit" disabled={disabled || pending} variant="danger" size="sm">
            {pending ? t.signingOut : t.signOutOthers}
          </Button>
          <FormMessage error={state.formError} done={state.done} />
        </>
      )}
    </SensitiveForm>
  );
}
