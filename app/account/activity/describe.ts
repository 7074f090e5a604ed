import type { ActivityEvent } from "@/lib/auth/activity";

/** How each audit event reads on the activity page: a title, who or what did it, and whether it needs a look. */
export interface EventDescription {
  title: string;
  by?: string;
  tone: "normal" | "warning";
}

const ENDED: Record<string, string> = {
  "signed-out": "Signed out",
  "signed-in-again": "Replaced by a new sign-in in the same browser",
  "revoked-by-user": "Session ended from the devices page",
  "password-changed": "Signed out because the password changed",
  "session-limit": "Signed out to make room for a new sign-in (session limit)",
  "hijack-suspected": "Session ended: used from another browser",
  "token-reuse": "Session ended: an old session key was used again",
  admin: "Session ended by an administrator",
  "account-disabled": "Session ended: the account was disabled",
};

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

export function describeEvent(event: ActivityEvent, currentSessionId: string, devices: Map<string, string>): EventDescription {
  const d = event.detail;
  switch (event.type) {
    case "session.created":
      return { title: d.kind === "mobile" ? "Signed in to the app" : "Signed in", tone: "normal" };
    case "session.revoked": {
      const reason = String(d.reason ?? "");
      const tone = reason === "hijack-suspected" || reason === "token-reuse" ? "warning" : "normal";
      return { title: ENDED[reason] ?? "Session ended", by: endedBy(d.by, event, currentSessionId, devices), tone };
    }
    case "session.rotated":
      return { title: d.forced ? "Session key renewed after a privilege change" : "Session key renewed", tone: "normal" };
    case "session.elevated":
      return { title: "Confirmed with password: sensitive actions unlocked", tone: "normal" };
    case "session.elevation-dropped":
      return { title: "Ended the confirmed window early", tone: "normal" };
    case "session.verified":
      return { title: "Confirmed a new browser or network with the password", tone: "normal" };
    case "session.expired-idle":
      return { title: "Signed out after inactivity", tone: "normal" };
    case "session.expired-absolute":
      return { title: "Signed out: the session reached its time limit", tone: "normal" };
    case "session.reuse-detected":
      return { title: "Session ended: an old session key was used again (possible theft)", tone: "warning" };
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
