import { requireAdmin } from "@/lib/auth/admin";
import { findAccounts } from "@/lib/auth/accounts";
import { deviceName } from "@/lib/session/device";
import { RelativeTime } from "../components/relative-time";
import { AdminUnlock, DisableAccountButton, EndEverySessionForm, EndUserSessionsButton } from "./admin-controls";
import { Button } from "../components/button";
import { parseDashboardRange } from "@/lib/auth/dashboard";
import { AdminDashboard } from "./dashboard";
import { getMessages } from "@/lib/i18n/server";

/**
 * Incident response: find a user, see and end their sessions, disable the account, or end every
 * session; and the activity of the last 24 hours or 7 days (`?range=7d`).
 */
export default async function AdminPage({ searchParams }: { searchParams: Promise<{ q?: string | string[]; range?: string | string[] }> }) {
  const { elevated } = await requireAdmin();
  const t = await getMessages();
  if (!elevated) {
    return (
      <section aria-labelledby="admin-heading" className="space-y-4">
        <h1 id="admin-heading" className="text-2xl font-semibold tracking-tight">
          {t.admin.title}
        </h1>
        <p className="text-slate-700">{t.admin.unlockIntro}</p>
        <AdminUnlock />
      </section>
    );
  }
  const params = await searchParams;
  const raw = params.q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 254) ?? "";
  const now = Date.now();
  const users = await findAccounts(q);
  return (
    <div className="space-y-10">
      <section aria-labelledby="admin-heading" className="space-y-4">
        <h1 id="admin-heading" className="text-2xl font-semibold tracking-tight">
          {t.admin.title}
        </h1>
        <form role="search" className="flex gap-2" action="/admin">
          <label htmlFor="admin-search" className="sr-only">
            {t.admin.searchLabel}
          </label>
          <input
            id="admin-search"
            name="q"
            defaultValue={q}
            placeholder={t.admin.searchLabel}
            className="w-full max-w-sm rounded-md border border-slate-300 px-3 py-2"
          />
          <Button type="submit" variant="secondary" size="sm">
            {t.admin.search}
          </Button>
        </form>
        {users.length === 0 ? (
          <p className="text-slate-600">{t.admin.noMatch(q)}</p>
        ) : (
          <ul className="space-y-4" data-testid="admin-users">
            {users.map((u) => (
              <li
                key={u.id}
                className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
                data-testid="admin-user"
                data-email={u.email}
              >
                <div className="flex flex-wrap items-start justify-between gap-4">
                  <div>
                    <p className="font-medium">
                      {u.email}{" "}
                      {u.role === "admin" && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{t.admin.adminBadge}</span>}{" "}
                      {u.disabledAt && (
                        <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800">{t.admin.disabledBadge}</span>
                      )}
                    </p>
                    <p className="text-sm text-slate-600">
                      {u.sessions.length === 0 ? t.admin.noLiveSession : t.admin.liveSessions(u.sessions.length)}
                      {u.sessions[0] && (
                        <>
                          {t.admin.lastActive}
                          <RelativeTime at={u.sessions[0].lastSeenAt.getTime()} serverNow={now} />
                        </>
                      )}
                    </p>
                  </div>
                  <div className="flex flex-wrap items-start gap-3">
                    <EndUserSessionsButton userId={u.id} email={u.email} />
                    <DisableAccountButton userId={u.id} email={u.email} disabled={Boolean(u.disabledAt)} />
                  </div>
                </div>
                {u.sessions.length > 0 && (
                  <ul className="divide-y divide-slate-100 text-sm text-slate-700">
                    {u.sessions.map((s) => (
                      <li key={s.id} className="flex flex-wrap justify-between gap-2 py-1.5">
                        <span>
                          {deviceName(s.deviceLabel, s.userAgent, t.account.device)} ·{" "}
                          {s.kind === "mobile" ? t.admin.kindApp : t.admin.kindBrowser}
                        </span>
                        <span className="text-slate-500">
                          {t.admin.signedIn}
                          <RelativeTime at={s.createdAt.getTime()} serverNow={now} />
                          {t.admin.active}
                          <RelativeTime at={s.lastSeenAt.getTime()} serverNow={now} />
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <AdminDashboard range={parseDashboardRange(params.range)} q={q} />
      <section aria-labelledby="incident-heading" className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4">
        <h2 id="incident-heading" className="text-lg font-semibold text-red-900">
          {t.admin.incident.heading}
        </h2>
        <EndEverySessionForm />
      </section>
    </div>
  );
}
