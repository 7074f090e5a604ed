"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useElevation } from "../account/elevation";
import { SensitiveForm } from "../account/elevation";
import { FormMessage } from "../components/field";
import { endEverySession, endUserSessions, setAccountDisabled } from "./actions";
import { INCIDENT_CONFIRMATION } from "./confirmation";
import { Button } from "../components/button";

/** Shown instead of the admin tools until the password has been confirmed. */
export function AdminUnlock() {
  const { ensureElevated } = useElevation();
  const router = useRouter();
  return (
    <Button
      onClick={async () => {
        if (await ensureElevated()) router.refresh();
      }}
    >
      Confirm it&apos;s you
    </Button>
  );
}

export function EndUserSessionsButton({ userId, email }: { userId: string; email: string }) {
  return (
    <SensitiveForm action={endUserSessions} className="space-y-1">
      {(state, pending) => (
        <>
          <input type="hidden" name="userId" value={userId} />
          <Button type="submit" disabled={pending} variant="danger" size="sm" aria-label={`End all sessions of ${email}`}>
            {pending ? "Ending…" : "End all sessions"}
          </Button>
          <FormMessage error={state.formError} done={state.done} />
        </>
      )}
    </SensitiveForm>
  );
}

export function DisableAccountButton({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  return (
    <SensitiveForm action={setAccountDisabled} className="space-y-1">
      {(state, pending) => (
        <>
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="disable" value={String(!disabled)} />
          <Button
            type="submit"
            disabled={pending}
            variant={disabled ? "secondary" : "danger"}
            size="sm"
            aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}
          >
            {pending ? "Saving…" : disabled ? "Enable account" : "Disable account"}
          </Button>
          <FormMessage error={state.formError} done={state.done} />
        </>
      )}
    </SensitiveForm>
  );
}

/** The incident switch, behind a typed confirmation. */
export function EndEverySessionForm() {
  const [typed, setTyped] = useState("");
  return (
    <SensitiveForm action={endEverySession} className="space-y-3">
      {(state, pending) => (
        <>
          <label htmlFor="incident-confirmation" className="block text-sm text-slate-700">
            Type <strong>{INCIDENT_CONFIRMATION}</strong> to sign every user out of every browser and app. Your own session stays.
          </label>
          <input
            id="incident-confirmation"
            name="confirmation"
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            className="w-full max-w-xs rounded-md border border-slate-300 px-3 py-2"
          />
          <Button type="submit" disabled={pending || typed !== INCIDENT_CONFIRMATION} variant="danger" size="sm">
            {pending ? "Ending every session…" : "End every session"}
          </Button>
          <FormMessage error={state.formError} done={state.done} />
        </>
      )}
    </SensitiveForm>
  );
}
