import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { getDatabase } from "../db/connection";
import { appEnv } from "../env";
import { errorFields, log } from "../log";
import { metrics } from "../metrics";
import { notifyConfig, type NotifyConfig } from "../notify/config";
import { demoMailboxSender, smtpSender } from "../notify/deliver";
import { outboxFor } from "../notify/events";
import { outboxData } from "../notify/outbox";
import { OutboxWorker } from "../notify/worker";
import type { AuditLogOptions } from "../session/stores/prisma";

/**
 * Security notifications wired to this process: the audit log's outbox rows (what each event
 * sends, lib/notify/events.ts) and the worker that delivers them. One worker per process, on
 * globalThis like the other singletons (Next bundles server code into several chunks).
 */
const KEY = Symbol.for("next-session-secure.outbox-worker");
type Holder = { [KEY]?: Promise<OutboxWorker> };

export const getNotifyConfig = (): NotifyConfig => notifyConfig(appEnv());

/** The outbox rows an audit event writes, and the nudge that delivers them from this instance at once. */
export function auditOutbox(): AuditLogOptions {
  const config = getNotifyConfig();
  const channels = { email: config.mail !== null, webhook: config.webhook !== null };
  if (!channels.email && !channels.webhook) return {};
  return {
    outbox: (event) => outboxData(outboxFor(event, channels)),
    onQueued: () => void getOutboxWorker().then((w) => w.wake()),
  };
}

export function getOutboxWorker(): Promise<OutboxWorker> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const { prisma } = await getDatabase();
    const config = getNotifyConfig();
    const send = config.mail?.transport === "smtp" ? smtpSender(config.mail.url, config.leaseMs) : demoMailboxSender(prisma);
    return new OutboxWorker({
      db: prisma,
      config,
      send,
      worker: `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
      onOutcome: (channel, outcome) => {
        metrics().outboxDeliveries.inc({ channel, outcome });
        if (outcome === "failed") log.error({ channel }, "outbox message given up after its retries");
      },
      onError: (error) => log.warn(errorFields(error), "outbox worker"),
    });
  })().catch((error) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

/** Starts this instance's worker when anything is to be delivered (start-up). */
export async function startNotifications(): Promise<void> {
  const config = getNotifyConfig();
  if (!config.mail && !config.webhook) return;
  (await getOutboxWorker()).start();
}
