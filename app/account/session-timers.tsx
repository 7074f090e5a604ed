"use client";

import type { AccountMessages } from "@/lib/i18n/messages/account";
import { useFormats, useMessages } from "../components/i18n";
import { useNow } from "../components/use-now";

interface Props {
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

function remaining(ms: number, t: AccountMessages["timers"]): string {
  if (ms <= 0) return t.expired;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? t.hoursLeft(h, String(m).padStart(2, "0")) : t.minutesLeft(m, String(sec).padStart(2, "0"));
}

/** Live countdowns to idle and absolute expiry, from the server's authoritative times. */
export function SessionTimers({ createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt }: Props) {
  const t = useMessages().account.timers;
  const f = useFormats();
  const now = useNow(1_000);
  const rows: [string, string, string][] = [
    [t.signedIn, f.dateTime(createdAt), "signed-in"],
    [t.lastActive, f.dateTime(lastSeenAt), "last-active"],
    [t.idleExpiry, now === null ? "…" : remaining(idleExpiresAt - now, t), "idle-remaining"],
    [t.absoluteExpiry, now === null ? "…" : remaining(absoluteExpiresAt - now, t), "absolute-remaining"],
  ];
  return (
    <dl className="grid gap-4 sm:grid-cols-2">
      {rows.map(([label, value, id]) => (
        <div key={id}>
          <dt className="text-sm text-slate-500">{label}</dt>
          <dd className="font-medium tabular-nums" data-testid={id}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
