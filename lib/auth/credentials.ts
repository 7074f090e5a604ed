import { after } from "next/server";
import { getDatabase } from "../db/connection";
import type { RequestContext } from "../session/service";
import type { AuditLog } from "../session/types";
import { verifyPassword } from "./password";
import { getAuditLog } from "./services";
import { loginThrottle, type LoginThrottle } from "./throttle";

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
  purpose?: "sign-in" | "elevation" | "step-up" | "password-change" | "app-sign-in";
}

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
    return prisma.user.findUnique({ where: { email }, select: { id: true, email: true, role: true, passwordHash: true, disabledAt: true } });
  },
  throttle: loginThrottle(),
  audit: getAuditLog,
  defer: (task) => after(task),
};

export async function checkCredentials(attempt: CredentialAttempt, deps: CredentialDeps = appDeps): Promise<CredentialCheck> {
  const { email, password, ip, context, purpose = "sign-in" } = attempt;
  const user = await deps.findUser(email);
  // Failures are recorded against existing accounts only (the trail must not collect typed emails),
  // after the response, so the extra write cannot reveal through timing that the account exists.
  const note = (type: "login.failed" | "login.throttled") => {
    if (!user) return;
    const { userAgent, ipPrefix } = context;
    deps.defer(async () => (await deps.audit()).record({ type, userId: user.id, sessionId: null, userAgent, ipPrefix, detail: { purpose }, at: Date.now() }));
  };

  const retryAfterSeconds = await deps.throttle.take(email, ip);
  if (retryAfterSeconds > 0) {
    note("login.throttled");
    return { ok: false, reason: "throttled", retryAfterSeconds };
  }
  if (!(await verifyPassword(user?.passwordHash ?? null, password)) || !user) {
    note("login.failed");
    return { ok: false, reason: "invalid" };
  }
  await deps.throttle.refund(email, ip);
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  return { ok: true, user: { id: user.id, email: user.email, role: user.role } };
}
