"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useElevation } from "../account/elevation";
import { SensitiveForm } from "../account/elevation";
import { FormMessage } from "../components/field";
import { endEverySession, endUserSessions, setAccountDisabled } from "./actions";
import { INCIDENT_CONFIRMATION } from "./confirmation";
import { Button } from "../components/button";
import { useMessages } from "../components/i18n";

/** Shown instead of the admin tools until the password has been confirmed. */
export function AdminUnlock() {
  const { ensureElevated } = useElevation();
  const router = useRouter();
  const t = useMessages();
  return (
    <Button
      onClick={async () => {
        if (await ensureElevated()) router.refresh();
      }}
    >
      {t.admin.confirmItsYou}
    </Button>
  );
}

export function EndUserSessionsButton({ userId, email }: { userId: string; email: string }) {
  const t = useMessages();
  return (
    <SensitiveForm action={endUserSessions} className="space-y-1">
      {(state, pending) => (
        <>
          <input type="hidden" name="userId" value={userId} />
          <Button type="submit" disabled={pending} variant="danger" size="sm" aria-label={t.admin.endAllOf(email)}>
            {pending ? t.admin.ending : t.admin.endAll}
          </Button>
          <FormMessage error={state.formError} done={state.done} />
        </>
      )}
    </SensitiveForm>
  );
}

export function DisableAccountButton({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  const t = useMessages();
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
            aria-label={disabled ? t.admin.enableOf(email) : t.admin.disableOf(email)}
          >
            {pending ? t.admin.saving : disabled ? t.admin.enableAccount : t.admin.disableAccount}
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
  const t = useMessages();
  return (
    <SensitiveForm action={endEverySession} className="space-y-3">
      {(state, pending) => (
        <>
          <label htmlFor="incident-confirmation" className="block text-sm text-slate-700">
            {t.admin.incident.typeBefore}
            {/* typed as it is shown, in every language */}
            <strong translate="no">{INCIDENT_CONFIRMATION}</strong>
            {t.admin.incident.typeAfter}
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
            {pending ? t.admin.incident.pending : t.admin.incident.submit}
          </Button>
          <FormMessage error={state.formError} done={state.done} />
        </>
      )}
    </SensitiveForm>
  );
}
