import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { until } from "./wait";

/**
 * A real SMTP server on loopback (smtp-server, parsed with mailparser) that keeps what it accepts,
 * and a webhook receiver that verifies each delivery with the `standardwebhooks` package. For the
 * integration and e2e suites; nothing here is part of the app.
 */
export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** the links in the text part */
  links: string[];
}

export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  private server: SMTPServer;
  private holdMs = 0;
  /** sessions whose client went away: a message held for them is not accepted */
  private closed = new Set<string>();
  /** messages that arrived while held (the test can kill the sender now) */
  held = 0;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onClose: (session) => void this.closed.add(session.id),
      onData: (stream, session, callback) => {
        void (async () => {
          const parsed = await simpleParser(stream);
          if (this.holdMs > 0) {
            // the whole message is here, and the sender waits for its "250 accepted": a sender that
            // dies now has not delivered it, and nothing is kept
            this.held++;
            const started = Date.now();
            while (Date.now() - started < this.holdMs && !this.closed.has(session.id)) await new Promise((r) => setTimeout(r, 50));
            if (this.closed.has(session.id)) return callback(new Error("client gone"));
          }
          const text = parsed.text ?? "";
          this.mails.push({
            messageId: parsed.messageId ?? "",
            to: Array.isArray(parsed.to) ? parsed.to.map((t) => t.text).join(", ") : (parsed.to?.text ?? ""),
            subject: parsed.subject ?? "",
            text,
            html: typeof parsed.html === "string" ? parsed.html : "",
            links: [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]),
          });
          callback();
        })().catch((error: Error) => callback(error));
      },
    });
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Answers each following message only after `ms` (0: at once again). */
  holdReplies(ms: number) {
    this.holdMs = ms;
  }

  to(address: string) {
    return this.mails.filter((m) => m.to.includes(address));
  }

  /** Waits until `address` has received `count` messages (optionally with `subject`), and returns them. */
  async waitFor(address: string, count = 1, subject?: string | RegExp, timeoutMs = 20_000): Promise<ReceivedMail[]> {
    const matching = () =>
      this.to(address).filter(
        (m) => subject === undefined || (typeof subject === "string" ? m.subject === subject : subject.test(m.subject)),
      );
    await until(async () => matching().length >= count, { timeoutMs, everyMs: 100, what: `${count} email(s) to ${address}` });
    return matching();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ReceivedWebhook {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** whether the signature verified under the receiver's secret */
  verified: boolean;
  body: string;
  headers: Record<string, string>;
}

/** A webhook receiver: every delivery is checked with `new Webhook(secret).verify` and kept with the result. */
export class TestWebhookReceiver {
  readonly deliveries: ReceivedWebhook[] = [];
  private server: Server;
  port = 0;
  /** answer this status instead of 204 (a receiver that is down) */
  failWith: number | null = null;

  constructor(readonly secret: string) {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        if (this.failWith) return res.writeHead(this.failWith).end();
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        let verified = false;
        let parsed: { type?: string; data?: Record<string, unknown> } = {};
        try {
          parsed = new Webhook(this.secret).verify(body, headers) as typeof parsed;
          verified = true;
        } catch {
          parsed = safeJson(body);
        }
        this.deliveries.push({
          id: headers["webhook-id"] ?? "",
          type: parsed.type ?? "",
          data: parsed.data ?? {},
          verified,
          body,
          headers,
        });
        res.writeHead(verified ? 204 : 400).end();
      });
    });
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks/security`;
  }

  async waitFor(predicate: (d: ReceivedWebhook) => boolean, count = 1, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
    await until(async () => this.deliveries.filter(predicate).length >= count, { timeoutMs, everyMs: 100, what: `${count} webhook(s)` });
    return this.deliveries.filter(predicate);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

const safeJson = (s: string) => {
  try {
    return JSON.parse(s) as { type?: string; data?: Record<string, unknown> };
  } catch {
    return {};
  }
};
