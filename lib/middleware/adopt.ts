import type { NextRequest } from "next/server";
import { adoptionConfig, foreignCookiesIn, type AdoptionConfig } from "../adoption/config";
import type { SessionConfig } from "../session/config";
import { unsealSessionCookie } from "../session/cookie";
import { adoptThroughServer } from "../session/server-calls";
import type { RequestFacts } from "./request";
import type { SessionState } from "./session";

/**
 * A request that carries another system's session and no live one of ours (edge-safe): the Node
 * side adopts it (lib/adoption), and the request goes on signed in with our new cookie, the foreign
 * cookies cleared from it and from the browser. A user served read-only from the foreign session
 * (outside MIGRATE_FROM_PERCENT), or one the Node side could not be asked about, is let through as
 * signed in: the server reads the foreign session itself, so no one is turned away for carrying it.
 * Not the status probe: polling adopts nothing (the server answers it from the foreign session).
 */
export async function adoptForeign(
  request: NextRequest,
  facts: RequestFacts,
  state: SessionState,
  config: SessionConfig,
  adoption: () => AdoptionConfig = adoptionConfig,
): Promise<SessionState> {
  // first, so a request with a live session of ours pays nothing for adoption being configured
  if (state.session || facts.statusProbe) return state;
  const foreign = foreignCookiesIn(
    request.cookies.getAll().map((c) => c.name),
    adoption(),
  );
  if (foreign.length === 0) return state;
  const values = new TextEncoder().encode(foreign.map((name) => `${name}=${request.cookies.get(name)?.value}`).join("\n"));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", values));
  const backoffKey = `adopt:${btoa(String.fromCharCode(...digest))}`;
  const call = await adoptThroughServer(request, foreign, backoffKey, config.policy.rotationGraceMs);
  if (call.status === "foreign" || call.status === "skipped") return { ...state, foreign: true };
  if (call.status === "none") return { ...state, clearCookies: call.clear };
  const session = await unsealSessionCookie(call.seal, config.secrets, config.policy);
  return session ? { ...state, session, reason: undefined, newSeal: call.seal, clearCookies: call.clear } : state;
}
