import type { AuditEvent } from "../session/types";
import { describeDevice } from "../session/device";

/**
 * What each audit event tells people (pure): the emails to the account's owner and the webhook
 * events for the operator's systems. PrismaAuditLog writes these rows in the transaction that writes
 * the event, so an event is never recorded without its messages, nor a message sent for an event
 * that was not recorded.
 */
export const EMAIL_TOPICS = [
  "new-sign-in",
  "password-changed",
  "password-reset",
  "password-reset-link",
  "sessions-ended-by-admin",
  "sessions-ended-incident",
  "account-disabled",
  "session-stolen",
  "session-suspicious",
] as const;
export type EmailTopic = (typeof EMAIL_TOPICS)[number];

export const WEBHOOK_EVENTS = [
  "session.created",
  "session.revoked",
  "session.reuse-detected",
  "session.suspicious",
  "user.password-changed",
  "user.password-reset",
  "user.disabled",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

type Json = string | number | boolean | null;

export interface OutboxDraft {
  channel: "email" | "webhook" | "fanout";
  topic: EmailTopic | WebhookEvent;
  userId: string | null;
  sessionId: string | null;
  /** what the message says: ids, kinds, reasons, the network prefix and a device name; never a token or a full address */
  payload: Record<string, Json>;
}

export interface Channels {
  email: boolean;
  webhook: boolean;
}

/** What the messages say about the request behind the event. */
function facts(e: AuditEvent): Record<string, Json> {
  const detail = e.detail ?? {};
  return {
    at: new Date(e.at).toISOString(),
    ipPrefix: e.ipPrefix ?? "",
    device: e.userAgent ? describeDevice(e.userAgent) : "",
    ...(typeof detail.kind === "string" ? { kind: detail.kind } : {}),
    ...(typeof detail.reason === "string" ? { reason: detail.reason } : {}),
    ...(typeof detail.by === "string" ? { by: detail.by } : {}),
  };
}

/** The owner's emails for an event. */
function emailsFor(e: AuditEvent): EmailTopic[] {
  const detail = e.detail ?? {};
  switch (e.type) {
    case "session.created":
      return detail.newDevice === true ? ["new-sign-in"] : [];
    case "account.password-changed":
      return ["password-changed"];
    case "account.password-reset":
      return ["password-reset"];
    case "account.password-reset-requested":
      return ["password-reset-link"];
    case "admin.sessions-ended":
      return ["sessions-ended-by-admin"];
    case "admin.account-disabled":
      return ["account-disabled"];
    case "session.reuse-detected":
      return e.userId ? ["session-stolen"] : [];
    case "session.revoked":
      return detail.reason === "hijack-suspected" ? ["session-suspicious"] : [];
    default:
      return [];
  }
}

/** The webhook event for an audit event, if there is one. */
function webhookFor(e: AuditEvent): WebhookEvent | null {
  switch (e.type) {
    case "session.created":
    case "session.revoked":
    case "session.reuse-detected":
    case "session.suspicious":
      return e.type;
    case "account.password-changed":
      return "user.password-changed";
    case "account.password-reset":
      return "user.password-reset";
    case "admin.account-disabled":
      return "user.disabled";
    default:
      return null;
  }
}

export function outboxFor(e: AuditEvent, channels: Channels): OutboxDraft[] {
  const drafts: OutboxDraft[] = [];
  const payload = facts(e);
  const base = { userId: e.userId, sessionId: e.sessionId, payload };
  if (channels.email) {
    if (e.type === "admin.incident-all-sessions-ended") {
      // one row now; the worker writes one email per account from it, idempotently (outbox.ts)
      drafts.push({ ...base, channel: "fanout", topic: "sessions-ended-incident", userId: null });
    } else if (e.userId) {
      for (const topic of emailsFor(e)) drafts.push({ ...base, channel: "email", topic });
    }
  }
  const event = channels.webhook ? webhookFor(e) : null;
  if (event) drafts.push({ ...base, channel: "webhook", topic: event });
  return drafts;
}
