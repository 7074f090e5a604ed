import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/auth/admin";
import { getFormats, getMessages } from "@/lib/i18n/server";
import { getSessionConfig } from "@/lib/session/config";
import { ElevationProvider, ElevationStatus } from "../account/elevation";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).admin.title };
}

/** Admins only (everyone else gets a 404), with the same in-place password confirmation as the account area. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { current } = await requireAdmin();
  const f = await getFormats();
  return (
    <ElevationProvider elevatedUntil={current.session.elevatedUntil} windowLabel={f.duration(getSessionConfig().policy.elevationTtlMs)}>
      <div className="space-y-6">
        <ElevationStatus />
        {children}
      </div>
    </ElevationProvider>
  );
}
