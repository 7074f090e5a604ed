"use client";

import { useNow } from "../components/use-now";

interface Props {
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

function remaining(ms: number): string {
  if (ms <= 0) return "expired";
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m ${String(sec).padStart(2, "0")}s`;
}

const time = (ms: number) => new Date(ms).toLocaleString();

/** Live countdowns to idle and absolute expiry, from the server's authoritative times. */
export function SessionTimers({ createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt }: Props) {
  const now = useNow(1_000);
  const rows: [string, string, string][] = [
    ["Signed in", time(createdAt), "signed-in"],
    ["Last active", time(lastSeenAt), "last-active"],
    ["Idle expiry in", now === null ? "…" : remaining(idleExpiresAt - now), "idle-remaining"],
    ["Absolute expiry in", now === null ? "…" : remaining(absoluteExpiresAt - now), "absolute-remaining"],
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
