import { createCore, liveSessionsOf, type SessionCore, type SessionCoreDeps } from "./core";
import { createSession } from "./create";
import { endExpiredSessions, endSessionByToken, revokeUserSession, revokeUserSessions } from "./endings";
import { dropElevation, elevateSession, verifySession } from "./privileges";
import { refreshSession, rotateSessionToken } from "./rotate";
import type { Refresh, StoredSession } from "./types";
import { checkSession, validateSessionToken } from "./validate";

/**
 * The session service: create, validate, rotate, elevate, end and list sessions. Framework-free:
 * the store, the audit log, the policy and the clock are injected, so every timeout edge is
 * unit-tested with a fake clock. Each verb is a plain function of the core (create.ts, validate.ts,
 * rotate.ts, privileges.ts, endings.ts); the service binds them to one core, for callers that hold
 * one service object.
 */
export type SessionServiceDeps = SessionCoreDeps;

type Verb = (core: SessionCore, ...args: never[]) => unknown;
type Bound<V> = V extends (core: SessionCore, ...args: infer A) => infer R ? (...args: A) => R : never;

const VERBS = {
  createSession,
  validateSessionToken,
  checkSession,
  rotateSessionToken,
  refreshSession,
  elevateSession,
  dropElevation,
  verifySession,
  endSessionByToken,
  revokeUserSession,
  revokeUserSessions,
  endExpiredSessions,
  listUserSessions: liveSessionsOf,
} satisfies Record<string, Verb>;

export type SessionService = { [K in Exclude<keyof typeof VERBS, "refreshSession">]: Bound<(typeof VERBS)[K]> } & {
  policy: SessionCore["policy"];
  // generic: a mapped type would lose its type parameter
  refreshSession<Answer = undefined>(token: string, answer?: (session: StoredSession) => Promise<Answer>): Promise<Refresh<Answer>>;
};

export function createSessionService(deps: SessionServiceDeps): SessionService {
  const core = createCore(deps);
  const bound = Object.fromEntries(
    Object.entries(VERBS).map(([name, verb]) => [name, (...args: never[]) => (verb as Verb)(core, ...args)]),
  );
  return { ...bound, policy: core.policy } as SessionService;
}

export type { EndedBy, RequestContext, Rotation, Validation } from "./types";
export type { RefusalReason } from "./reasons";
