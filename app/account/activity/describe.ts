import type { ActivityEvent } from "@/lib/auth/activity";
import { END_REASONS, isRevokeReason } from "@/lib/session/reasons";

// events whose detail names no reason (recorded before reasons were): the reason of their kind
const REASON_OF_EVENT: Record<string, (typeof END_REASONS)[keyof typeof END_REASONS] | undefined> = {
  "session.expired-idle": END_REASONS["expired-idle"],
  "session.expired-absolute": END_REASONS["expired-absolute"],
  "session.reuse-detected": END_REASONS["token-reuse"],
};

/** How each audit event reads on the activity page: a title, who or what did it, and whether it needs a look. */
export interface EventDescription {
  title: string;
  by?: string;
  tone: "normal" | "warning";
}

const PURPOSE: Record<string, string> = {
  "sign-in": "signing in",
  elevation: "confirming it was you",
  "step-up": "confirming a new browser",
  "password-change": "changing the password",
  "app-sign-in": "signing in to the app",
};

/** Who ended a session, from the audit `by`: this session, another of yours, an administrator, or the system. */
function endedBy(by: unknown, event: ActivityEvent, currentSessionId: string, devices: Map<string, string>): string | undefined {
  if (typeof by !== "string") return undefined;
  if (by === "self") return event.sessionId === currentSessionId ? "by you, on this device" : "by you, on that device";
  if (by.startsWith("session:")) {
    const id = by.slice("session:".length);
    if (id === currentSessionId) return "by you, from this device";
    const device = devices.get(id);
    return device ? `by you, from ${device}` : "by you, from another device";
  }
  if (by.startsWith("admin:")) return "by an administrator";
  return undefined;
}

/** The systems sessions are adopted from (lib/adoption), as people know them. */
const SOURCE_NAMES: Record<string, string> = {
  authjs: "Auth.js",
  "express-session": "the previous site",
  "iron-session": "the previous site",
};

export function describeEvent(event: ActivityEvent, currentSessionId: string, devices: Map<string, string>): EventDescription {
  const d = event.detail;
  switch (event.type) {
    case "session.created":
      return { title: d.kind === "mobile" ? "Signed in to the app" : "Signed in", tone: "normal" };
    case "session.adopted":
      return { title: `Carried over from your sign-in with ${SOURCE_NAMES[String(d.source)] ?? "the previous system"}`, tone: "normal" };
    // how a session ended, from the one table of reasons (lib/session/reasons.ts)
    case "session.revoked":
    case "session.expired-idle":
    case "session.expired-absolute":
    case "session.reuse-detected": {
      if (d.source && !d.reason)
        return {
          title: `A copy of your old ${SOURCE_NAMES[String(d.source)] ?? "sign-in"} cookie was used after it moved here, and refused`,
          tone: "warning",
        };
      const reason = isRevokeReason(d.reason) ? END_REASONS[d.reason] : REASON_OF_EVENT[event.type];
      return {
        title: reason?.activity ?? "Session ended",
        by: endedBy(d.by, event, currentSessionId, devices),
        tone: reason?.warning ? "warning" : "normal",
      };
    }
    case "session.rotated":
      return { title: d.forced ? "Session key renewed after a privilege change" : "Session key renewed", tone: "normal" };
    case "session.elevated":
      return { title: "Confirmed with password: sensitive actions unlocked", tone: "normal" };
    case "session.elevation-dropped":
      return { title: "Ended the confirmed window early", tone: "normal" };
    case "session.verified":
      return { title: "Confirmed a new browser or network with the password", tone: "normal" };
    case "session.suspicious": {
      const what = [d["user-agent.actual"] && "another browser", d["ip.actual"] && "another network"].filter(Boolean).join(" and ");
      const action = d.action === "step-up" ? "the password was asked for" : d.action === "revoke" ? "the session was ended" : "recorded";
      return { title: `Session used from ${what || "an unexpected place"}: ${action}`, tone: "warning" };
    }
    case "login.failed":
      return { title: `Wrong password when ${PURPOSE[String(d.purpose ?? "sign-in")] ?? "signing in"}`, tone: "warning" };
    case "login.throttled":
      return { title: "Password attempts paused after too many failures", tone: "warning" };
    case "account.password-changed":
      return { title: "Password changed", tone: "normal" };
    case "account.password-reset-requested":
      return { title: "A password reset link was asked for", tone: "normal" };
    case "account.password-reset":
      return { title: "Password reset with an emailed link", tone: "normal" };
    case "admin.sessions-ended":
      return { title: "An administrator signed you out everywhere", by: "by an administrator", tone: "warning" };
    case "admin.account-disabled":
      return { title: "An administrator disabled the account", by: "by an administrator", tone: "warning" };
    case "admin.account-enabled":
      return { title: "An administrator enabled the account again", by: "by an administrator", tone: "normal" };
    default:
      return { title: event.type, tone: "normal" };
  }
}
