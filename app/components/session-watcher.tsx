"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useFormats, useMessages } from "./i18n";
import { Button } from "./button";

/**
 * Keeps every open tab in step with the session, for signed-in pages:
 * - polls the status endpoint every few seconds while the tab is visible (polling is not activity),
 *   so a session ended elsewhere (another device, an admin) sends the tab to sign-in within seconds;
 * - warns before idle expiry with an accessible dialog: "Stay signed in" counts as activity;
 * - tells the other tabs of this browser, over a BroadcastChannel, when the session ends or its idle
 *   deadline moves, so they follow at once.
 */
export const SESSION_CHANNEL = "session-lab:session";
const POLL_MS = 3_000;

type Status =
  | { authenticated: true; idleExpiresAt: string; idleWarningSeconds: number; serverTime: string; stepUp: boolean }
  | { authenticated: false; reason: string | null; serverTime: string };

type Message = { type: "deadline"; deadline: number } | { type: "ended"; reason: string };

/** A server that cannot answer (503 while the database is down) says nothing about the session: keep it. */
async function statusOf(response: Response): Promise<Status> {
  if (response.status >= 500) throw new Error(`session status unavailable (${response.status})`);
  return (await response.json()) as Status;
}

export function SessionWatcher() {
  const pathname = usePathname();
  const [deadline, setDeadline] = useState<number | null>(null);
  const [warningMs, setWarningMs] = useState(120_000);
  const [now, setNow] = useState(() => Date.now());
  const channel = useRef<BroadcastChannel | null>(null);
  const leaving = useRef(false);
  const checkingExpiry = useRef(false);

  const leave = useCallback((reason: string, tellOthers: boolean) => {
    if (leaving.current) return;
    leaving.current = true;
    if (tellOthers) channel.current?.postMessage({ type: "ended", reason } satisfies Message);
    const next = window.location.pathname + window.location.search;
    // a full page load, not a client navigation: nothing of the ended session's page may live on
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(`/login?${new URLSearchParams({ next, reason })}`);
  }, []);

  const apply = useCallback(
    (status: Status, tellOthers: boolean) => {
      if (!status.authenticated) return leave(status.reason ?? "revoked", true);
      if (status.stepUp && window.location.pathname !== "/verify") {
        // a full page load: the page of an unverified session must not stay in memory
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        window.location.assign(`/verify?${new URLSearchParams({ next: window.location.pathname + window.location.search })}`);
        return;
      }
      // the server's deadline on this browser's clock
      const local = Date.parse(status.idleExpiresAt) + (Date.now() - Date.parse(status.serverTime));
      setDeadline(local);
      setWarningMs(status.idleWarningSeconds * 1000);
      if (tellOthers) channel.current?.postMessage({ type: "deadline", deadline: local } satisfies Message);
    },
    [leave],
  );

  const poll = useCallback(async () => {
    try {
      const response = await fetch("/api/session/status", { cache: "no-store" });
      apply(await statusOf(response), false);
    } catch {
      // offline for a moment: the next poll tells
    }
  }, [apply]);

  const staySignedIn = useCallback(async () => {
    try {
      const response = await fetch("/api/session/keepalive", { method: "POST", cache: "no-store" });
      apply(await statusOf(response), true);
    } catch {
      await poll();
    }
  }, [apply, poll]);

  useEffect(() => {
    if (typeof BroadcastChannel !== "undefined") {
      channel.current = new BroadcastChannel(SESSION_CHANNEL);
      channel.current.onmessage = ({ data }: MessageEvent<Message>) => {
        if (data.type === "ended") leave(data.reason, false);
        else if (data.type === "deadline") setDeadline((current) => Math.max(current ?? 0, data.deadline));
      };
    }
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void poll();
    }, POLL_MS);
    const onVisible = () => document.visibilityState === "visible" && void poll();
    document.addEventListener("visibilitychange", onVisible);
    const ticker = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      channel.current?.close();
      clearInterval(timer);
      clearInterval(ticker);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [leave, poll]);

  // every navigation was activity on the server: fetch the moved deadline and share it
  useEffect(() => {
    void (async () => {
      try {
        const response = await fetch("/api/session/status", { cache: "no-store" });
        apply(await statusOf(response), true);
      } catch {}
    })();
  }, [pathname, apply]);

  const remaining = deadline === null ? Infinity : deadline - now;
  useEffect(() => {
    // at the deadline the server decides (activity elsewhere may have moved it)
    if (remaining <= 0 && !checkingExpiry.current) {
      checkingExpiry.current = true;
      void poll().finally(() => (checkingExpiry.current = false));
    }
  }, [remaining, poll]);

  return <IdleWarning open={remaining > 0 && remaining <= warningMs} remaining={remaining} onStay={staySignedIn} />;
}

/** The warning before idle expiry: a modal alert dialog; Escape, like "Stay signed in", keeps the session. */
function IdleWarning({ open, remaining, onStay }: { open: boolean; remaining: number; onStay: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const t = useMessages().account.idle;
  const f = useFormats();
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const seconds = Math.ceil(remaining / 1000);
  // announce a few times, not every second
  const announcement = open && [60, 30, 10].includes(seconds) ? t.announce(seconds) : "";
  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-warning-title"
      aria-describedby="idle-warning-text"
      onCancel={(event) => {
        event.preventDefault();
        onStay();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-6 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id="idle-warning-title" className="text-lg font-semibold">
        {t.title}
      </h2>
      <p id="idle-warning-text" className="mt-2 text-slate-700">
        {t.before}{" "}
        <strong className="tabular-nums" data-testid="idle-countdown">
          {f.clock(remaining)}
        </strong>{" "}
        {t.after}
      </p>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <div className="mt-6 flex flex-wrap gap-3">
        <Button autoFocus onClick={onStay}>
          {t.stay}
        </Button>
        <form method="post" action="/api/auth/logout">
          <Button type="submit" variant="secondary">
            {t.signOut}
          </Button>
        </form>
      </div>
    </dialog>
  );
}

/** On the sign-in page after signing out: tells the other tabs of this browser to follow. */
export function AnnounceSignedOut() {
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const c = new BroadcastChannel(SESSION_CHANNEL);
    c.postMessage({ type: "ended", reason: "signed-out" } satisfies Message);
    c.close();
  }, []);
  return null;
}
