"use client";

import { useRouter } from "next/navigation";
import {
  createContext,
  startTransition,
  useActionState,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from "react";
import type { SensitiveState } from "@/lib/auth/sensitive-action";
import { Field, FormMessage } from "../components/field";
import { useFormats, useMessages } from "../components/i18n";
import { useNow } from "../components/use-now";
import { dropElevation, elevate, type ElevateState } from "./actions";
import { Button } from "../components/button";

/**
 * Privilege elevation in the browser. A sensitive action first makes sure the session is elevated:
 * if it is not, a "Confirm it's you" dialog asks for the password in place (the page and what was
 * typed into it stay as they are), then the action goes on. The server checks again either way.
 */
interface Elevation {
  elevatedUntil: number | null;
  /** resolves true once the session is elevated (asking for the password if need be), false if the user cancels */
  ensureElevated(options?: { force?: boolean }): Promise<boolean>;
}

const ElevationContext = createContext<Elevation | null>(null);

export function useElevation(): Elevation {
  const value = useContext(ElevationContext);
  if (!value) throw new Error("useElevation needs an ElevationProvider");
  return value;
}

export function ElevationProvider({
  elevatedUntil,
  windowLabel,
  children,
}: {
  elevatedUntil: number | null;
  /** how long a confirmation lasts, in the page's language ("5 minutes"): getFormats().duration */
  windowLabel: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const [until, setUntil] = useState(elevatedUntil);
  // a new server render brings the server's word on the window: it replaces what this page believed
  const [rendered, setRendered] = useState(elevatedUntil);
  if (rendered !== elevatedUntil) {
    setRendered(elevatedUntil);
    setUntil(elevatedUntil);
  }
  const [asking, setAsking] = useState<((ok: boolean) => void) | null>(null);

  const ensureElevated = useCallback(
    ({ force = false } = {}) => {
      // a few seconds of margin: the server must still find it elevated when the action arrives
      if (!force && until !== null && until - Date.now() > 5_000) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => setAsking(() => resolve));
    },
    [until],
  );

  const finish = (elevatedTo: number | null) => {
    if (elevatedTo) {
      setUntil(elevatedTo);
      router.refresh();
    }
    asking?.(Boolean(elevatedTo));
    setAsking(null);
  };

  return (
    <ElevationContext.Provider value={{ elevatedUntil: until, ensureElevated }}>
      {children}
      {asking && <ElevationDialog windowLabel={windowLabel} onDone={finish} />}
    </ElevationContext.Provider>
  );
}

function ElevationDialog({ windowLabel, onDone }: { windowLabel: string; onDone: (elevatedUntil: number | null) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const done = useRef(false);
  const [state, action, pending] = useActionState<ElevateState, FormData>(elevate, {});
  const t = useMessages().account.elevation;
  const finish = useCallback(
    (until: number | null) => {
      if (done.current) return;
      done.current = true;
      dialog.current?.close();
      onDone(until);
    },
    [onDone],
  );
  useEffect(() => dialog.current?.showModal(), []);
  useEffect(() => {
    if (state.elevatedUntil) finish(state.elevatedUntil);
  }, [state.elevatedUntil, finish]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="elevation-title"
      aria-describedby="elevation-text"
      onClose={() => finish(null)}
      className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-6 shadow-xl backdrop:bg-slate-900/40"
    >
      <form action={action} className="space-y-4">
        <h2 id="elevation-title" className="text-lg font-semibold">
          {t.title}
        </h2>
        <p id="elevation-text" className="text-sm text-slate-700">
          {t.text(windowLabel)}
        </p>
        <FormMessage error={state.formError} />
        <Field
          id="password"
          label={t.password}
          type="password"
          autoComplete="current-password"
          autoFocus
          required
          error={state.fieldErrors?.password}
        />
        <div className="flex gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? t.checking : t.confirm}
          </Button>
          <Button onClick={() => finish(null)} variant="secondary">
            {t.cancel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}

/** The elevated state, its remaining time, and a control to leave it early. */
export function ElevationStatus() {
  const { elevatedUntil } = useElevation();
  const t = useMessages().account.elevation;
  const f = useFormats();
  const router = useRouter();
  const now = useNow(1_000);
  const [pending, setPending] = useState(false);
  const remaining = elevatedUntil !== null && now !== null ? elevatedUntil - now : 0;
  if (remaining <= 0) {
    return (
      <p className="text-sm text-slate-600" data-testid="elevation-status">
        {t.notElevated}
      </p>
    );
  }
  return (
    <div className="flex items-center gap-3 text-sm" data-testid="elevation-status">
      <span className="rounded bg-amber-100 px-2 py-0.5 font-medium text-amber-900">
        {t.confirmed.before}
        <span className="tabular-nums">{f.clock(remaining)}</span>
        {t.confirmed.after}
      </span>
      <Button
        disabled={pending}
        onClick={async () => {
          setPending(true);
          await dropElevation();
          setPending(false);
          router.refresh();
        }}
        variant="secondary"
        size="sm"
      >
        {t.endNow}
      </Button>
    </div>
  );
}

/**
 * A form for a sensitive action: it makes sure the session is elevated before sending, and if the
 * server still finds it is not (the window ran out), asks once more and sends the same data again.
 */
export function SensitiveForm({
  action,
  children,
  className,
}: {
  action: (previous: SensitiveState, formData: FormData) => Promise<SensitiveState>;
  children: (state: SensitiveState, pending: boolean) => ReactNode;
  className?: string;
}) {
  const { ensureElevated } = useElevation();
  const [state, dispatch, pending] = useActionState(action, {});
  const retry = useRef<FormData | null>(null);

  const send = useCallback((data: FormData) => startTransition(() => dispatch(data)), [dispatch]);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    if (!(await ensureElevated())) return;
    retry.current = data;
    send(data);
  };
  useEffect(() => {
    const data = retry.current;
    if (!state.needsElevation || !data) return;
    retry.current = null; // once: never loop on a server that keeps refusing
    void ensureElevated({ force: true }).then((ok) => ok && send(data));
  }, [state, ensureElevated, send]);

  return (
    <form onSubmit={onSubmit} className={className}>
      {children(state, pending)}
    </form>
  );
}
