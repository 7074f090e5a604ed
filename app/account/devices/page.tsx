import type { Metadata } from "next";
import { getSessionService } from "@/lib/auth/services";
import { isElevated, requireUser } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { deviceName } from "@/lib/session/device";
import { maskedNetwork } from "../../components/format";
import { RelativeTime } from "../../components/relative-time";
import { EndOtherSessionsButton, EndSessionButton } from "./device-actions";
import { DeviceIcon } from "./device-icon";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).account.devices.title };
}

/** Every live session of the account, browsers and apps, with the means to end any of them. */
export default async function DevicesPage() {
  const { user, session: current } = await requireUser();
  const messages = await getMessages();
  const t = messages.account.devices;
  const sessions = await (await getSessionService()).listUserSessions(user.id);
  // this device first, then by last activity
  sessions.sort((a, b) => Number(b.id === current.id) - Number(a.id === current.id) || b.lastSeenAt - a.lastSeenAt);
  const now = Date.now();
  return (
    <section aria-labelledby="devices-heading" className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="devices-heading" className="text-2xl font-semibold tracking-tight">
            {t.title}
          </h1>
          <p className="text-slate-600">{t.intro(sessions.length)}</p>
        </div>
        <EndOtherSessionsButton disabled={sessions.length < 2} />
      </header>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="device-list">
        {sessions.map((s) => {
          const name = deviceName(s.deviceLabel, s.userAgent, messages.account.device);
          const isThis = s.id === current.id;
          return (
            <li
              key={s.id}
              className="flex flex-wrap items-center justify-between gap-4 px-4 py-4"
              data-testid="device"
              data-session-id={s.id}
            >
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  <DeviceIcon kind={s.kind} />
                  <span data-testid="device-name">{name}</span>
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                    {s.kind === "mobile" ? t.app : t.browser}
                  </span>
                  {isThis && <span className="rounded bg-brand-100 px-1.5 py-0.5 text-xs font-medium text-brand-900">{t.thisDevice}</span>}
                  {isElevated(s, now) && (
                    <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">{t.confirmed}</span>
                  )}
                </p>
                <p className="text-sm text-slate-600">
                  {t.signedIn}
                  <RelativeTime at={s.createdAt} serverNow={now} />
                  {t.lastActive}
                  <RelativeTime at={s.lastSeenAt} serverNow={now} /> · {maskedNetwork(s.ipPrefix, messages)}
                </p>
              </div>
              {!isThis && <EndSessionButton sessionId={s.id} deviceName={name} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
