/**
 * The front server: Next's request handler behind a thin Node HTTP server that alone decides which
 * client address, scheme and host the app sees. `next start` cannot: it writes the socket's address
 * into X-Forwarded-For only when the request carries none, so a client reaching it directly could
 * claim any address and sidestep every address-based control (throttling, IP binding).
 *
 * For every request, whatever the client sent:
 * - X-Forwarded-For becomes the one client address (lib/http/client-address.ts): the socket's peer
 *   when clients reach the app directly (TRUST_PROXY_HOPS=0) or the peer is not one of the proxies
 *   (TRUST_PROXY_ADDRESSES, this machine by default), else the entry the outermost of the configured
 *   proxies appended; "" when the chain did not pass that many proxies;
 * - reached directly, X-Forwarded-Proto is the socket's own scheme and X-Forwarded-Host is dropped;
 *   behind proxies, theirs are kept.
 *
 *   npm start                         (node dist/server.js, built by npm run build)
 *   npm run dev                       (the same server around `next dev`)
 *   flags: --port <n> (PORT, 3000)  --hostname <address> (0.0.0.0)
 */
import { createServer, type IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import type { TLSSocket } from "node:tls";
import nextEnv from "@next/env";
import { ConfigError, parseEnv, type AppEnv } from "./lib/env.ts";
import { FRONT_SERVER, LOOPBACK, resolveClientAddress } from "./lib/http/client-address.ts";
import { countingResponses } from "./lib/http/response-metrics.ts";

// `next` is CommonJS whose module.exports is the factory, while its typings describe an ES default export
const next = createRequire(import.meta.url)("next") as typeof import("next").default;

const dev = process.argv.includes("--dev");
const flag = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};

// the same .env files Next reads, loaded first: the settings below come from them too
nextEnv.loadEnvConfig(process.cwd(), dev);
let env: AppEnv;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`\n${error.problems.map((p) => `[config] ${p}`).join("\n")}\n`);
  process.exit(1);
}
const port = Number(flag("port") ?? env.PORT);
const hostname = flag("hostname") ?? "0.0.0.0";
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`\n[config] --port "${flag("port")}" is not a port number\n`);
  process.exit(1);
}
const hops = env.TRUST_PROXY_HOPS;
const proxies = env.TRUST_PROXY_ADDRESSES;
let warnedAt = 0;
if (hops > 0 && proxies === LOOPBACK && !["127.0.0.1", "::1", "localhost"].includes(hostname)) {
  console.warn(
    `[server] listening on ${hostname} behind TRUST_PROXY_HOPS=${hops}, but proxies are trusted only on this machine: set TRUST_PROXY_ADDRESSES to your proxy's address, or every client will share its address`,
  );
}

// the middleware's calls to the Node side (token rotation) go to this address, never to the Host a
// client named; and the app refuses to start in production without this server in front (startup.ts)
const loopback = ["0.0.0.0", "::", "localhost"].includes(hostname) ? "127.0.0.1" : hostname;
process.env.SESSION_INTERNAL_ORIGIN =
  env.SESSION_INTERNAL_ORIGIN ?? `http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${port}`;
(globalThis as Record<symbol, unknown>)[FRONT_SERVER] = { hops };

function rewriteForwarding(request: IncomingMessage) {
  const headers = request.headers;
  const client = resolveClientAddress({
    socketAddress: request.socket.remoteAddress,
    forwardedFor: headers["x-forwarded-for"],
    hops,
    proxies,
  });
  headers["x-forwarded-for"] = client;
  // every address-based control treats this request as from an unknown network: say why, now and then
  if (!client && Date.now() - warnedAt > 60_000) {
    warnedAt = Date.now();
    console.warn(`[server] a request's client address could not be read: did it pass fewer proxies than TRUST_PROXY_HOPS=${hops}?`);
  }
  if (hops === 0) {
    headers["x-forwarded-proto"] = (request.socket as TLSSocket).encrypted ? "https" : "http";
    delete headers["x-forwarded-host"];
    delete headers["x-forwarded-port"];
  }
  delete headers.forwarded; // RFC 7239: nothing here reads it, and nothing downstream may trust it
}

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

// every response is counted by status class (http_responses_total, for the error-rate alert)
const server = createServer(
  countingResponses((request, response) => {
    rewriteForwarding(request);
    handle(request, response).catch((error: Error) => {
      console.error("[server] request failed:", error.message);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end("Internal Server Error");
    });
  }),
);
// idle keep-alive connections outlive those of what is in front (nginx, load balancers: 60 s), so
// this server never closes a socket just as a client reuses it (a reset instead of an answer)
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () =>
  console.log(`▲ ready on http://${hostname}:${port} (${dev ? "development" : "production"}, TRUST_PROXY_HOPS=${hops})`),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}
