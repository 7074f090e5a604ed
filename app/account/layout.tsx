import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { getFormats, getMessages } from "@/lib/i18n/server";
import { getSessionConfig } from "@/lib/session/config";
import { AccountNav } from "./account-nav";
import { ElevationProvider, ElevationStatus } from "./elevation";
import Link from "next/link";
import { Notice } from "../components/notice";

/** The account area: its navigation, and the elevated state every sensitive action there relies on. */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const { session, foreign } = await requireUser();
  const { policy } = getSessionConfig();
  const t = await getMessages();
  const f = await getFormats();
  return (
    <ElevationProvider elevatedUntil={session.elevatedUntil} windowLabel={f.duration(policy.elevationTtlMs)}>
      <div className="grid gap-8 md:grid-cols-[11rem_1fr]">
        <AccountNav />
        <div className="min-w-0 space-y-6">
          {foreign && (
            <Notice tone="info" data-testid="foreign-session">
              {t.account.foreign.before(t.account.foreign.names[foreign])}
              <Link href="/login?next=%2Faccount" className="font-medium underline">
                {t.account.foreign.link}
              </Link>
              {t.account.foreign.after}
            </Notice>
          )}
          <ElevationStatus />
          {children}
        </div>
      </div>
    </ElevationProvider>
  );
}
