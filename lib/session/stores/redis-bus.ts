import { randomUUID } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import type { InvalidationBus } from "./memory-cache";

export interface RedisBusOptions {
  channel?: string;
  /** how often this instance sends itself a heartbeat through Redis */
  beatMs?: number;
  /** no heartbeat back for this long: Redis is lost (down, hung or partitioned) */
  staleMs?: number;
  /**
   * Runs before Redis is trusted, the first time and after every loss, with the time of the last
   * heartbeat before the loss (null the first time); a rejection keeps it untrusted and the next
   * heartbeat tries again.
   */
  onRecovered?: (lostAt: number | null) => Promise<unknown>;
  onError?: (error: unknown) => void;
  clock?: () => number;
}

/** changes awaiting announcement; beyond this many, copies elsewhere end with their lifetime */
const MAX_PENDING = 100_000;

type Message = { from: string; beat?: true; ids?: string[] };

/**
 * Session changes over Redis pub/sub, and the judgement whether Redis can be trusted right now.
 *
 * Every instance publishes a heartbeat to itself on the channel every `beatMs`. Only while its own
 * heartbeats come back (Redis up, responsive and delivering) is the bus `live`: memory caches answer
 * and the Redis copy is read only then. Once heartbeats stop (or a write fails and the store calls
 * `suspect`, or a connection drops), Redis is skipped; when they return, `onRecovered` repairs what
 * changed meanwhile (Redis is `reachable` for its writes, and for any other write, during that), every
 * listener drops what it holds, and only then is Redis trusted again, and the changes that could not
 * be announced are. The same repair runs before the first trust, for what changed while this
 * instance was not running.
 *
 * Trust is each instance's own: if only one instance loses Redis (a partition of that one), its
 * changes reach Redis when it recovers, and until then others may read their older copies for up to
 * the copy's lifetime.
 */
export class RedisInvalidationBus implements InvalidationBus {
  private readonly id = randomUUID();
  private readonly channel: string;
  private readonly subscriber: Redis | Cluster;
  private readonly listeners: Array<{ invalidate(ids: string[]): void; reset(): void }> = [];
  private readonly timer: NodeJS.Timeout;
  private readonly staleMs: number;
  private readonly clock: () => number;
  private readonly onRecovered: (lostAt: number | null) => Promise<unknown>;
  private readonly onError: (error: unknown) => void;
  private trusted = false;
  private recovering = false;
  private lastBeat = 0;
  /** the last heartbeat before Redis was lost: writes since then may have missed it (null: never lost) */
  private lostAt: number | null = null;
  /** counts losses, so a recovery that was overtaken by another loss does not end in trust */
  private losses = 0;
  private readonly pending = new Set<string>();

  constructor(
    private readonly publisher: Redis | Cluster,
    options: RedisBusOptions = {},
  ) {
    this.channel = options.channel ?? "sess:changes";
    this.staleMs = options.staleMs ?? 1_500;
    this.clock = options.clock ?? Date.now;
    this.onRecovered = options.onRecovered ?? (async () => {});
    this.onError = options.onError ?? (() => {});
    // a subscribed connection can do nothing else, so it is a second one. It may queue its SUBSCRIBE
    // until connected (and again after each reconnect); it only waits for messages, so no command
    // timeout applies: the heartbeat is what notices a silent connection.
    this.subscriber =
      "nodes" in publisher
        ? publisher.duplicate(undefined, { enableOfflineQueue: true })
        : publisher.duplicate({ enableOfflineQueue: true, commandTimeout: undefined, maxRetriesPerRequest: null });
    this.subscriber.on("error", () => {});
    // A dropped connection may have lost messages (subscriber) or acknowledged writes (a master
    // demoted by a failover discards what its replica had not copied): repair before trusting again.
    for (const connection of [publisher, this.subscriber]) {
      connection.on("close", this.onDrop);
      connection.on("-node", this.onDrop);
    }
    this.subscriber.on("message", (_channel: string, message: string) => this.receive(message));
    this.subscriber.subscribe(this.channel).then(
      () => this.beat(),
      (error: unknown) => this.onError(error),
    );
    this.timer = setInterval(() => this.beat(), options.beatMs ?? 500);
    this.timer.unref();
  }

  get live(): boolean {
    if (this.trusted && this.clock() - this.lastBeat > this.staleMs) this.lose();
    return this.trusted;
  }

  /** Redis answers (trusted, or being repaired): writes go to it. */
  get reachable(): boolean {
    return this.live || this.recovering;
  }

  /** A write may have missed Redis: stop trusting it until it is repaired. */
  suspect() {
    this.lose();
  }

  subscribe(listener: { invalidate(ids: string[]): void; reset(): void }) {
    this.listeners.push(listener);
  }

  /**
   * A change that cannot be announced now (Redis lost, or a failover under way) is announced with
   * the next heartbeat that comes back, so an instance that kept its connection hears of it then,
   * not only when its copy's lifetime ends.
   */
  async publish(ids: string[]) {
    // when this instance cannot reach Redis, don't wait for a timeout: the next heartbeat carries it
    if (!this.live) return this.defer(ids);
    try {
      await this.publisher.publish(this.channel, JSON.stringify({ from: this.id, ids } satisfies Message));
    } catch (error) {
      this.defer(ids);
      throw error;
    }
  }

  private defer(ids: string[]) {
    for (const id of ids) if (this.pending.size < MAX_PENDING) this.pending.add(id);
  }

  private announcePending() {
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending.clear();
    this.publisher.publish(this.channel, JSON.stringify({ from: this.id, ids } satisfies Message)).catch(() => this.defer(ids));
  }

  close() {
    clearInterval(this.timer);
    for (const connection of [this.publisher, this.subscriber]) {
      connection.off("close", this.onDrop);
      connection.off("-node", this.onDrop);
    }
    this.subscriber.disconnect();
  }

  private readonly onDrop = () => this.lose();

  private lose() {
    this.losses++;
    this.lostAt = Math.min(this.lostAt ?? Infinity, this.lastBeat || this.clock());
    this.trusted = false;
    for (const l of this.listeners) l.reset();
  }

  private beat() {
    this.publisher.publish(this.channel, JSON.stringify({ from: this.id, beat: true } satisfies Message)).catch(() => {});
  }

  private receive(raw: string) {
    let message: Message;
    try {
      message = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (Array.isArray(message.ids)) for (const l of this.listeners) l.invalidate(message.ids.filter((id) => typeof id === "string"));
    if (message.beat && message.from === this.id) void this.heard();
  }

  private async heard() {
    if (this.trusted && this.clock() - this.lastBeat > this.staleMs) this.lose();
    this.lastBeat = this.clock();
    if (this.trusted) return this.announcePending();
    if (this.recovering) return;
    this.recovering = true;
    const losses = this.losses;
    try {
      await this.onRecovered(this.lostAt);
      // lost again while repairing: what the repair wrote may be gone too; the next heartbeat repeats it
      if (this.losses !== losses) return;
      for (const l of this.listeners) l.reset();
      this.lostAt = null;
      this.trusted = true;
      // only now: an instance that drops its copy on hearing this must find the repaired Redis copy
      this.announcePending();
    } catch (error) {
      this.onError(error);
    } finally {
      this.recovering = false;
    }
  }
}
