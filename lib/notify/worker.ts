import type { PrismaClient } from "../db/generated/client";
import type { NotifyConfig } from "./config";
import { deliverEmail, deliverWebhook, type PostWebhook, type SendMail } from "./deliver";
import { claimOutbox, completeOutbox, expandFanout, retryOutbox, type OutboxRow } from "./outbox";

/**
 * The outbox worker each instance runs: it claims due rows (a lease each), delivers them and marks
 * them done or due again. It looks every OUTBOX_POLL_INTERVAL, and at once when this instance
 * wrote a row (`wake`); rows written on another instance wait at most one interval.
 */
export type DeliveryOutcome = "sent" | "skipped" | "retry" | "failed";

export interface OutboxWorkerOptions {
  db: PrismaClient;
  config: NotifyConfig;
  send: SendMail;
  post?: PostWebhook;
  /** this instance, in the lease (host, process and a random part) */
  worker: string;
  onOutcome?: (channel: OutboxRow["channel"], outcome: DeliveryOutcome) => void;
  onError?: (error: unknown) => void;
}

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: OutboxWorkerOptions) {}

  start(): this {
    this.timer ??= setInterval(() => this.wake(), this.options.config.pollMs);
    this.timer.unref();
    this.wake();
    return this;
  }

  /** Delivers what is due now (a pass already under way runs once more after it). */
  wake(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.deliverDue()) > 0);
        } while (this.again);
      } catch (error) {
        this.options.onError?.(error);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One claim and its deliveries; how many rows it took. */
  async deliverDue(): Promise<number> {
    const { db, config, worker } = this.options;
    const rows = await claimOutbox(db, worker, config.leaseMs);
    await Promise.all(rows.map((row) => this.deliver(row)));
    return rows.length;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { db, config, send, post, worker, onOutcome } = this.options;
    let outcome: DeliveryOutcome;
    try {
      const note =
        row.channel === "fanout"
          ? (await expandFanout(db, row), null)
          : row.channel === "email"
            ? await deliverEmail(db, config, send, row)
            : await deliverWebhook(config, row, post);
      await completeOutbox(db, row, worker, note);
      outcome = note ? "skipped" : "sent";
    } catch (error) {
      outcome = await retryOutbox(db, row, worker, error instanceof Error ? error.message : String(error)).catch(() => "retry" as const);
    }
    onOutcome?.(row.channel, outcome);
  }
}
