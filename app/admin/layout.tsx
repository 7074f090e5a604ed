import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/auth/admin";
import { getSessionConfig } from "@/lib/session/config";
import { ElevationProvider, ElevationStatus } from "../account/elevation";
import { humanDuration } from "../components/format";

export const metadata: Metadata = { title: "Administration" };

/** Admins only (everyone else gets a 404), with the same in-place password confirmation as the account area. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { current } = await requireAdmin();
  return (
    <ElevationProvider elevatedUntil={current.session.elevatedUntil} windowLabel={humanDuration(getSessionConfig().policy.elevationTtlMs)}>
      <div className="space-y-6">
        <ElevationStatus />
        {children}
      </div>
    </ElevationProvider>
  );
}
