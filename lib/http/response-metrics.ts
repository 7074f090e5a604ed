/**
 * `http_responses_total{status_class}`: every response the front server (server.ts) sends, by status
 * class, for the error-rate alert (deploy/prometheus). Counted there because every request passes
 * through it: pages, route handlers, the middleware's own answers, static files and the 500 the
 * front server writes when Next's handler throws. No path, method or address label: five series.
 *
 * This module is imported by server.ts, which Node runs without Next's bundler, so it imports
 * nothing of the app (lib/metrics.ts reaches the database); the counter is one per process on
 * globalThis, and lib/metrics.ts registers it in the registry that /api/metrics serves.
 * A response the client abandoned before it was sent ('close' without 'finish') is not counted.
 */
import type { RequestListener } from "node:http";
import { Counter } from "prom-client";

export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** 200 → "2xx"; a code outside 100–599 (Node accepts up to 999) counts as a server error. */
export const statusClass = (code: number): StatusClass => STATUS_CLASSES[Math.floor(code / 100) - 1] ?? "5xx";

const KEY = Symbol.for("next-session-secure.http-responses");
type Holder = { [KEY]?: Counter<"status_class"> };

export function httpResponses(): Counter<"status_class"> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const counter = new Counter({
      name: "http_responses_total",
      help: "HTTP responses sent by the front server, by status class (1xx to 5xx)",
      labelNames: ["status_class"],
      registers: [],
    });
    // every class exported from the start (at 0), so the first 5xx is an increase Prometheus sees
    for (const status_class of STATUS_CLASSES) counter.inc({ status_class }, 0);
    holder[KEY] = counter;
  }
  return holder[KEY];
}

/** The listener, counting each response it sends once it has been sent: one counter increment. */
export function countingResponses(listener: RequestListener): RequestListener {
  const counter = httpResponses();
  return (request, response) => {
    response.once("finish", () => counter.inc({ status_class: statusClass(response.statusCode) }));
    listener(request, response);
  };
}
