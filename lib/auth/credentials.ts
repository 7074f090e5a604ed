import { after } from "next/server";
import { getDatabase } from "../db/connection";
import type { RequestContext } from "../session/types";
import type { AuditLog } from "../session/types";
import { verifyPassword } from "./password";
import { throttleNetworks } from "../http/client-address";
import { getAuditLog, serverKey } from "./services";
import { appLimiters, FAMILIAR_NETWORK_MS, loginThrottle, type LoginThrottle, type ThrottleSubject } from "./throttle";

/**
 * The one password check behind sign-in, privilege elevation and the mobile token endpoint:
 * throttle first, then argon2id against the stored hash, or against a dummy hash when the account
 * does not exist, so an unknown email costs the same time as a wrong password.
 */
export interface CredentialAttempt {
  email: string;
  password: string;
  /** the client address (for throttling) and the masked context recorded with audit events */
  ip: string;
  context: RequestContext;
  /** what the password is for, recorded with failures (default: sign-in) */
  purpose?: Purpose;
  /** re-entries (elevation, password change, step-up) happen inside this session: counted per session */
  sessionId?: string;
}

export type Purpose = "sign-in" | "elevation" | "step-up" | "password-change" | "app-sign-in";
const REAUTH: readonly Purpose[] = ["elevation", "step-up", "password-change"];

export interface CredentialUser {
  id: string;
  email: string;
  role: "user" | "admin";
}

export type CredentialCheck =
  | { ok: true; user: CredentialUser }
  | { ok: false; reason: "invalid" }
  /** the password was right, but an administrator disabled the account (said only to who knows the password) */
  | { ok: false; reason: "disabled" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export interface CredentialDeps {
  findUser(email: string): Promise<(CredentialUser & { passwordHash: string; disabledAt?: Date | null }) | null>;
  throttle: LoginThrottle;
  audit(): Promise<AuditLog>;
  /** runs work after the response has been sent (next/server `after`) */
  defer(task: () => Promise<void>): void;
}

const appDeps: CredentialDeps = {
  async findUser(email) {
    const { prisma } = await getDatabase();
    return prisma.user.findUnique({
      where: { email },
      select: { id: true, email: true, role: true, passwordHash: true, disabledAt: true },
    });
  },
  throttle: {
    // built on first use: the counter keys come from the configured secret
    take: (subject) =>
      (appThrottle ??= loginThrottle({ limiters: appLimiters, keyHmac: serverKey("throttle-keys"), familiarNetwork })).take(subject),
  },
  audit: getAuditLog,
  defer: (task) => after(task),
};

let appThrottle: LoginThrottle | undefined;

/**
 * Whether the user signed in from this address's network (IPv4 /24, IPv6 /48) within
 * FAMILIAR_NETWORK_MS. Sessions keep the /24 or /64 they began on; a phone's /64 changes often,
 * its provider's /48 seldom.
 */
export async function familiarNetwork(userId: string, ip: string): Promise<boolean> {
  const nets = throttleNetworks(ip);
  if (!nets) return false;
  const ipPrefix = nets.network.endsWith("/24") ? nets.network : { startsWith: nets.network.replace(/::\/48$/, ":") };
  const { prisma } = await getDatabase();
  const since = new Date(Date.now() - FAMILIAR_NETWORK_MS);
  return (await prisma.session.findFirst({ where: { userId, ipPrefix, createdAt: { gte: since } }, select: { id: true } })) !== null;
}

/** Which counters an attempt is taken from (see throttle.ts). */
function throttleSubject({ email, ip, purpose = "sign-in", sessionId }: CredentialAttempt, userId: string | null): ThrottleSubject {
  if (REAUTH.includes(purpose)) {
    if (!sessionId) throw new Error(`a ${purpose} attempt needs the session it happens in`);
    return { kind: "re-auth", sessionId, group: purpose === "step-up" ? "step-up" : "in-session" };
  }
  return { kind: "sign-in", email, ip, userId };
}

export async function checkCredentials(attempt: CredentialAttempt, deps: CredentialDeps = appDeps): Promise<CredentialCheck> {
  const { email, password, context, purpose = "sign-in" } = attempt;
  const user = await deps.findUser(email);
  // Failures are recorded against existing accounts only (the trail must not collect typed emails),
  // after the response, so the extra write cannot reveal through timing that the account exists.
  const note = (type: "login.failed" | "login.throttled") => {
    if (!user) return;
    const { userAgent, ipPrefix } = context;
    deps.defer(async () =>
      (await deps.audit()).record({ type, userId: user.id, sessionId: null, userAgent, ipPrefix, detail: { purpose }, at: Date.now() }),
    );
  };

  const throttled = await deps.throttle.take(throttleSubject(attempt, user?.id ?? null));
  const { retryAfterSeconds } = throttled;
  if (retryAfterSeconds > 0) {
    note("login.throttled");
    return { ok: false, reason: "throttled", retryAfterSeconds };
  }
  if (!(await verifyPassword(user?.passwordHash ?? null, password)) || !user) {
    note("login.failed");
    return { ok: false, reason: "invalid" };
  }
  await throttled.giveBack();
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  return { ok: true, user: { id: user.id, email: user.email, role: user.role } };
}
