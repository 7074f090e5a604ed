import type { AppEnv } from "../env";

/**
 * How this deployment notifies (from the environment): emails by SMTP, or, in demo mode without
 * SMTP, into the demo mailbox (/demo/mailbox); webhooks when their URL and secret are set. With
 * neither, no outbox row is written and nothing is sent.
 */
export interface NotifyConfig {
  /** the origin links are built on: APP_URL, or in demo mode this machine's own address */
  appUrl: string;
  mail: { transport: "smtp"; url: string; from: string } | { transport: "demo-mailbox"; from: string } | null;
  webhook: { url: string; secret: string } | null;
  pollMs: number;
  leaseMs: number;
}

export function notifyConfig(env: AppEnv): NotifyConfig {
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const from = env.MAIL_FROM ?? "Session Lab <security@session-lab.invalid>";
  const mail = env.SMTP_URL
    ? ({ transport: "smtp", url: env.SMTP_URL, from } as const)
    : env.DEMO_MODE
      ? ({ transport: "demo-mailbox", from } as const)
      : null;
  const webhook =
    env.SECURITY_WEBHOOK_URL && env.SECURITY_WEBHOOK_SECRET ? { url: env.SECURITY_WEBHOOK_URL, secret: env.SECURITY_WEBHOOK_SECRET } : null;
  return { appUrl, mail, webhook, pollMs: env.OUTBOX_POLL_INTERVAL, leaseMs: env.OUTBOX_LEASE };
}
