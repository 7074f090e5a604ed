import "server-only";
import { NextResponse } from "next/server";
import { getSessionConfig } from "../session/config";
import { absoluteExpiresAt, idleExpiresAt } from "../session/timeouts";
import type { SessionState } from "./session";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * What a browser tab needs to show the session's state: who, the times that matter, and the server's
 * clock (so a tab whose clock is off still counts down correctly). Never cached.
 */
export function sessionStatusResponse(state: SessionState): NextResponse {
  const headers = { "Cache-Control": "no-store" };
  const serverTime = new Date().toISOString();
  if (!state.current) return NextResponse.json({ authenticated: false, reason: state.reason ?? null, serverTime }, { headers });
  const { user, session, stepUp } = state.current;
  // a request still to pass a step-up may hold a stolen cookie: it learns nothing about the account
  if (stepUp) return NextResponse.json({ authenticated: true, stepUp: true, serverTime }, { headers });
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
      idleWarningSeconds: Math.round(policy.idleWarningMs / 1000),
      stepUp,
      serverTime,
    },
    { headers },
  );
}
