"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useElevation } from "../account/elevation";
import { SensitiveForm } from "../account/elevation";
import { FormMessage } from "../components/field";
import { endEverySession, endUserSessions, setAccountDisabled } from "./actions";
import { INCIDENT_CONFIRMATION } from "./confirmation";

const button = "rounded-md border px-3 py-1.5 text-sm font-medium disabled:opacity-60";
const danger = `${button} border-red-300 bg-white text-red-800 hover:bg-red-50`;

/** Shown instead of the admin tools until the password has been confirmed. */
export function AdminUnlock() {
  const { ensureElevated } = useElevation();
  const router = useRouter();
  return (
    <button
      type="button"
      className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
      onClick={async () => {
        if (await ensureElevated()) router.refresh();
      }}
    >
      Confirm it&apos;s you
    </button>
  );
}

export function EndUserSessionsButton({ userId, email }: { userId: string; email: string }) {
  return (
    <SensitiveForm action={endUserSessions} className="space-y-1">
      {(state, pending) => (
        <>
          <input type="hidden" name="userId" value={userId} />
          <button type="submit" disabled={pending} className={danger} aria-label={`End all sessions of ${email}`}>
            {pending ? "Ending…" : "End all sessions"}
          </button>
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
          <button type="submit" disabled={pending} className={disabled ? `${button} border-slate-300 hover:bg-slate-100` : danger} aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}>
            {pending ? "Saving…" : disabled ? "Enable account" : "Disable account"}
          </button>
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
          <button type="submit" disabled={pending || typed !== INCIDENT_CONFIRMATION} className={danger}>
            {pending ? "Ending every session…" : "End every session"}
          </button>
          <FormMessage error={state.formError} done={state.done} />
        </>
      )}
    </SensitiveForm>
  );
}
