import { z } from "zod";
import { duration, optional, withDefault } from "../variables.ts";

/**
 * The variables of security notifications (emails and webhooks), part of the app's one environment
 * schema (lib/env.ts). Links in emails are built on APP_URL, never on the Host a request named.
 */
export const NOTIFY_VARIABLES = {
  /** this app's public address, for the links in emails (https://accounts.example.com) */
  APP_URL: optional(z.url({ protocol: /^https?$/, error: "must be an http(s):// URL: the address people reach this app at" })),
  /** smtp://user:pass@host:587 (STARTTLS when the server offers it) or smtps://host:465 */
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" })),
  /** the sender of security emails: "Session Lab <security@example.com>" */
  MAIL_FROM: optional(z.string().min(3)),
  /** where security events are POSTed (Standard Webhooks) */
  SECURITY_WEBHOOK_URL: optional(z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" })),
  /** the receiver's signing secret: whsec_ and base64 (openssl rand -base64 32) */
  SECURITY_WEBHOOK_SECRET: optional(
    z
      .string()
      .regex(
        /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/,
        "must be whsec_ followed by base64 of at least 24 bytes (whsec_$(openssl rand -base64 32))",
      ),
  ),
  /** how often each instance looks for messages to deliver (a write on this instance wakes it at once) */
  OUTBOX_POLL_INTERVAL: withDefault(duration, "2s"),
  /** how long a claimed message is an instance's own: one that dies mid-delivery leaves it to another after this */
  OUTBOX_LEASE: withDefault(duration, "60s"),
};

type NotifyEnv = {
  APP_URL?: string | undefined;
  SMTP_URL?: string | undefined;
  MAIL_FROM?: string | undefined;
  SECURITY_WEBHOOK_URL?: string | undefined;
  SECURITY_WEBHOOK_SECRET?: string | undefined;
};

/** The variables that only make sense together (lib/env.ts runs this over the whole environment). */
export function requireNotifyCompanions(env: NotifyEnv, ctx: z.RefinementCtx) {
  const need = (name: keyof NotifyEnv, because: string) => {
    if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: `${name} is required ${because}` });
  };
  if (env.SMTP_URL) {
    need("MAIL_FROM", "with SMTP_URL: the sender of security emails");
    need("APP_URL", "with SMTP_URL: the address the links in emails lead to");
  }
  if (env.SECURITY_WEBHOOK_URL) need("SECURITY_WEBHOOK_SECRET", "with SECURITY_WEBHOOK_URL: the key its deliveries are signed with");
  if (env.SECURITY_WEBHOOK_SECRET) need("SECURITY_WEBHOOK_URL", "with SECURITY_WEBHOOK_SECRET: where the events go");
}
