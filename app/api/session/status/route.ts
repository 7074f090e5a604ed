import { NextResponse } from "next/server";
import { peekSessionState } from "@/lib/auth/session";
import { getSessionConfig } from "@/lib/session/config";
import { absoluteExpiresAt, idleExpiresAt } from "@/lib/session/timeouts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Session status for polling clients. Reading it is not activity: it never extends the idle timer. */
export async function GET() {
  const state = await peekSessionState();
  const headers = { "Cache-Control": "no-store" };
  if (!state.current) return NextResponse.json({ authenticated: false, reason: state.reason ?? null }, { headers });
  const { user, session } = state.current;
  const { policy } = getSessionConfig();
  return NextResponse.json(
    {
      authenticated: true,
      user: { id: user.id, email: user.email, role: user.role },
      createdAt: iso(session.createdAt),
      lastSeenAt: iso(session.lastSeenAt),
      idleExpiresAt: iso(idleExpiresAt(session, policy)),
      absoluteExpiresAt: iso(absoluteExpiresAt(session, policy)),
      elevatedUntil: iso(session.elevatedUntil),
    },
    { headers },
  );
}
