import nodemailer from "nodemailer";
import { Webhook } from "standardwebhooks";
import type { PrismaClient } from "../db/generated/client";
import type { NotifyConfig } from "./config";
import { EMAIL_TOPICS, type EmailTopic } from "./events";
import { isLanguage, renderEmail } from "./messages";
import type { OutboxRow } from "./outbox";
import { issueAccountToken } from "./tokens";

/**
 * Delivering one outbox row: an email (through SMTP with nodemailer, or into the demo mailbox) or a
 * signed webhook (Standard Webhooks, with the `standardwebhooks` package). A delivery resolves with
 * a note when there is deliberately nothing to send, and throws when it should be tried again.
 */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** the outbox row's id: the same message keeps the same id however often it is tried */
  messageId: string;
}

export type SendMail = (message: MailMessage) => Promise<void>;

/** A reset link not delivered within an hour of the request is not sent at all: the person has moved on. */
const RESET_REQUEST_STALE_MS = 3_600_000;

/** SMTP (nodemailer) with timeouts well inside the outbox lease, so a slow server cannot outlive the claim. */
export function smtpSender(url: string, leaseMs: number): SendMail {
  const timeout = Math.max(1_000, Math.floor(leaseMs / 4));
  const transport = nodemailer.createTransport(url, { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return async (m) => {
    await transport.sendMail({ ...m, headers: { "Auto-Submitted": "auto-generated" } });
  };
}

/** Demo mode without SMTP: the message goes to the demo mailbox page instead. */
export const demoMailboxSender =
  (db: PrismaClient): SendMail =>
  async (m) => {
    await db.demoMail.create({ data: { to: m.to, subject: m.subject, text: m.text, html: m.html } });
  };

const isEmailTopic = (topic: string): topic is EmailTopic => (EMAIL_TOPICS as readonly string[]).includes(topic);
const text = (value: unknown) => (typeof value === "string" ? value : "");

export async function deliverEmail(db: PrismaClient, config: NotifyConfig, send: SendMail, row: OutboxRow): Promise<string | null> {
  if (!config.mail) return "email is not configured";
  if (!isEmailTopic(row.topic) || !row.userId) return `not an email: ${row.topic}`;
  const user = await db.user.findUnique({ where: { id: row.userId }, select: { email: true, language: true } });
  if (!user) return "the account no longer exists";
  if (row.topic === "password-reset-link" && Date.now() - row.createdAt.getTime() > RESET_REQUEST_STALE_MS)
    return "the reset request is over an hour old";

  let link: string | undefined;
  if (row.topic === "new-sign-in" && row.sessionId) {
    const { token } = await issueAccountToken(db, "not-me", row.userId, { sessionId: row.sessionId, outboxId: row.id });
    link = `${config.appUrl}/not-me?token=${token}`;
  } else if (row.topic === "password-reset-link") {
    const { token } = await issueAccountToken(db, "password-reset", row.userId, { outboxId: row.id });
    link = `${config.appUrl}/reset-password?token=${token}`;
  }
  const language = isLanguage(user.language) ? user.language : "en";
  const email = renderEmail(row.topic, language, {
    email: user.email,
    at: text(row.payload.at) || row.createdAt.toISOString(),
    device: text(row.payload.device),
    ipPrefix: text(row.payload.ipPrefix),
    link,
    forgotPasswordUrl: `${config.appUrl}/forgot-password`,
  });
  await send({ from: config.mail.from, to: user.email, ...email, messageId: `<${row.id}@${new URL(config.appUrl).hostname}>` });
  return null;
}

export type PostWebhook = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A Standard Webhooks delivery: `webhook-id` is the outbox row's (the receiver's idempotency key),
 * `webhook-timestamp` this attempt's, `webhook-signature` the HMAC over both and the body. Redirects
 * are not followed: the operator configured one address, and only it receives events.
 */
export async function deliverWebhook(config: NotifyConfig, row: OutboxRow, post: PostWebhook = fetch): Promise<string | null> {
  if (!config.webhook) return "webhooks are not configured";
  const id = `msg_${row.id}`;
  const now = new Date();
  const body = JSON.stringify({
    type: row.topic,
    timestamp: row.createdAt.toISOString(),
    data: { userId: row.userId, sessionId: row.sessionId, ...row.payload },
  });
  const signature = new Webhook(config.webhook.secret).sign(id, now, body);
  const response = await post(config.webhook.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "SessionLab-Webhooks/1",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(Math.max(1_000, Math.floor(config.leaseMs / 4))),
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) throw new Error(`the receiver answered ${response.status}`);
  return null;
}
