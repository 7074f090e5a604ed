import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { getSessionConfig } from "@/lib/session/config";
import { humanDuration } from "../components/format";
import { AccountNav } from "./account-nav";
import { ElevationProvider, ElevationStatus } from "./elevation";

/** The account area: its navigation, and the elevated state every sensitive action there relies on. */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const { session } = await requireUser();
  const { policy } = getSessionConfig();
  return (
    <ElevationProvider elevatedUntil={session.elevatedUntil} windowLabel={humanDuration(policy.elevationTtlMs)}>
      <div className="grid gap-8 md:grid-cols-[11rem_1fr]">
        <AccountNav />
        <div className="min-w-0 space-y-6">
          <ElevationStatus />
          {children}
        </div>
      </div>
    </ElevationProvider>
  );
}
