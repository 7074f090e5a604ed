import type { ActivityEvent } from "@/lib/auth/activity";
import type { AccountMessages } from "@/lib/i18n/messages/account";
import { END_REASONS, isRevokeReason, type RevokeReason } from "@/lib/session/reasons";

type Texts = AccountMessages["activity"];

// events whose detail names no reason (recorded before reasons were): the reason of their kind
const REASON_OF_EVENT: Record<string, RevokeReason | undefined> = {
  "session.expired-idle": "expired-idle",
  "session.expired-absolute": "expired-absolute",
  "session.reuse-detected": "token-reuse",
};

/** How each audit event reads on the activity page: a title, who or what did it, and whether it needs a look. */
export interface EventDescription {
  title: string;
  by?: string;
  tone: "normal" | "warning";
}

/** What the wrong password was typed for; signing in when the event does not say (or says something unknown). */
function purpose(value: unknown, t: Texts): string {
  const key = String(value ?? "sign-in");
  return Object.hasOwn(t.purposes, key) ? t.purposes[key as keyof Texts["purposes"]] : t.purposes["sign-in"];
}

/** Who ended a session, from the audit `by`: this session, another of yours, an administrator, or the system. */
function endedBy(by: unknown, event: ActivityEvent, currentSessionId: string, devices: Map<string, string>, t: Texts): string | undefined {
  if (typeof by !== "string") return undefined;
  if (by === "self") return event.sessionId === currentSessionId ? t.by.youHere : t.by.youThere;
  if (by.startsWith("session:")) {
    const id = by.slice("session:".length);
    if (id === currentSessionId) return t.by.youFromHere;
    const device = devices.get(id);
    return device ? t.by.youFrom(device) : t.by.youFromAnother;
  }
  if (by.startsWith("admin:")) return t.by.admin;
  return undefined;
}

/** The systems sessions are adopted from (lib/adoption), as people know them: a product by its name. */
function sourceName(source: unknown, t: Texts): string | undefined {
  if (source === "authjs") return "Auth.js";
  if (source === "express-session" || source === "iron-session") return t.sources.previousSite;
  return undefined;
}

export function describeEvent(event: ActivityEvent, currentSessionId: string, devices: Map<string, string>, t: Texts): EventDescription {
  const d = event.detail;
  switch (event.type) {
    case "session.created":
      return { title: d.kind === "mobile" ? t.signedInApp : t.signedIn, tone: "normal" };
    case "session.adopted":
      return { title: t.adopted(sourceName(d.source, t) ?? t.sources.previousSystem), tone: "normal" };
    // how a session ended, from the one table of reasons (lib/session/reasons.ts)
    case "session.revoked":
    case "session.expired-idle":
    case "session.expired-absolute":
    case "session.reuse-detected": {
      if (d.source && !d.reason) return { title: t.oldCookieRefused(sourceName(d.source, t) ?? t.sources.signIn), tone: "warning" };
      const reason = isRevokeReason(d.reason) ? d.reason : REASON_OF_EVENT[event.type];
      return {
        title: reason ? t.ended[reason] : t.sessionEnded,
        by: endedBy(d.by, event, currentSessionId, devices, t),
        tone: reason && END_REASONS[reason].warning ? "warning" : "normal",
      };
    }
    case "session.rotated":
      return { title: d.forced ? t.renewedForPrivilege : t.renewed, tone: "normal" };
    case "session.elevated":
      return { title: t.elevated, tone: "normal" };
    case "session.elevation-dropped":
      return { title: t.elevationDropped, tone: "normal" };
    case "session.verified":
      return { title: t.verified, tone: "normal" };
    case "session.suspicious": {
      const where = [d["user-agent.actual"] && t.suspiciousWhere.browser, d["ip.actual"] && t.suspiciousWhere.network]
        .filter(Boolean)
        .join(t.suspiciousWhere.and);
      const o = t.suspiciousOutcome;
      const outcome = d.action === "step-up" ? o.stepUp : d.action === "revoke" ? o.revoke : o.record;
      return { title: t.suspicious(where || t.suspiciousWhere.unexpected, outcome), tone: "warning" };
    }
    case "login.failed":
      return { title: t.wrongPassword(purpose(d.purpose, t)), tone: "warning" };
    case "login.throttled":
      return { title: t.throttled, tone: "warning" };
    case "account.password-changed":
      return { title: t.passwordChanged, tone: "normal" };
    case "account.password-reset-requested":
      return { title: t.resetRequested, tone: "normal" };
    case "account.password-reset":
      return { title: t.passwordReset, tone: "normal" };
    case "admin.sessions-ended":
      return { title: t.adminEndedSessions, by: t.by.admin, tone: "warning" };
    case "admin.account-disabled":
      return { title: t.adminDisabled, by: t.by.admin, tone: "warning" };
    case "admin.account-enabled":
      return { title: t.adminEnabled, by: t.by.admin, tone: "normal" };
    default:
      // an event this page has no words for: its type, as recorded
      return { title: event.type, tone: "normal" };
  }
}
