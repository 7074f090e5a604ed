import { describe, expect, it } from "vitest";
import type { ActivityEvent } from "@/lib/auth/activity";
import { account } from "@/lib/i18n/messages/account";
import { END_REASONS, isRevokeReason } from "@/lib/session/reasons";
import { describeEvent } from "./describe";

const event = (type: string, detail: Record<string, unknown>, sessionId = "other"): ActivityEvent => ({
  id: "1",
  type,
  at: 0,
  detail,
  sessionId,
  device: "Firefox 130 on Windows",
  ipPrefix: "",
});

describe("activity descriptions", () => {
  it("says how a session ended in the reason table's English, and in Japanese", () => {
    for (const reason of Object.keys(END_REASONS)) {
      if (!isRevokeReason(reason)) throw new Error(reason);
      const revoked = event("session.revoked", { reason });
      expect(describeEvent(revoked, "this", new Map(), account.en.activity).title).toBe(END_REASONS[reason].activity);
      expect(describeEvent(revoked, "this", new Map(), account.ja.activity).title).not.toBe(END_REASONS[reason].activity);
    }
  });

  it("names who ended it", () => {
    const devices = new Map([["s2", "Chrome 130 on macOS"]]);
    const byOther = event("session.revoked", { reason: "revoked-by-user", by: "session:s2" });
    expect(describeEvent(byOther, "this", devices, account.en.activity)).toEqual({
      title: "Session ended from the devices page",
      by: "by you, from Chrome 130 on macOS",
      tone: "normal",
    });
    expect(describeEvent(event("session.expired-idle", {}), "this", devices, account.ja.activity).title).toBe(
      "アイドルタイムアウトによりログアウトしました",
    );
  });

  it("keeps the English wording of the other events", () => {
    const t = account.en.activity;
    expect(describeEvent(event("login.failed", { purpose: "elevation" }), "this", new Map(), t).title).toBe(
      "Wrong password when confirming it was you",
    );
    expect(describeEvent(event("login.failed", { purpose: "constructor" }), "this", new Map(), t).title).toBe(
      "Wrong password when signing in",
    );
    expect(
      describeEvent(event("session.suspicious", { "user-agent.actual": "x", "ip.actual": "y", action: "revoke" }), "", new Map(), t).title,
    ).toBe("Session used from another browser and another network: the session was ended");
    expect(describeEvent(event("session.adopted", { source: "authjs" }), "", new Map(), t).title).toBe(
      "Carried over from your sign-in with Auth.js",
    );
    expect(describeEvent(event("session.revoked", { source: "iron-session" }), "", new Map(), t).title).toBe(
      "A copy of your old the previous site cookie was used after it moved here, and refused",
    );
  });
});
