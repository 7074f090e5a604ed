import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { getSessionConfig } from "@/lib/session/config";
import { humanDuration } from "../components/format";
import { AccountNav } from "./account-nav";
import { ElevationProvider, ElevationStatus } from "./elevation";
import Link from "next/link";
import { Notice } from "../components/notice";
import type { AdoptionSource } from "@/lib/adoption/config";

const FOREIGN_NAMES: Record<AdoptionSource, string> = {
  authjs: "the previous sign-in (Auth.js)",
  "express-session": "the previous site",
  "iron-session": "the previous site",
};

/** The account area: its navigation, and the elevated state every sensitive action there relies on. */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const { session, foreign } = await requireUser();
  const { policy } = getSessionConfig();
  return (
    <ElevationProvider elevatedUntil={session.elevatedUntil} windowLabel={humanDuration(policy.elevationTtlMs)}>
      <div className="grid gap-8 md:grid-cols-[11rem_1fr]">
        <AccountNav />
        <div className="min-w-0 space-y-6">
          {foreign && (
            <Notice tone="info" data-testid="foreign-session">
              You are signed in with your session from {FOREIGN_NAMES[foreign]}, which this site is moving away from. You can look around;
              to change anything here,{" "}
              <Link href="/login?next=%2Faccount" className="font-medium underline">
                sign in again
              </Link>
              .
            </Notice>
          )}
          <ElevationStatus />
          {children}
        </div>
      </div>
    </ElevationProvider>
  );
}
