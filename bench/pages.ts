/**
 * `npm run bench` (a): what the session middleware costs a real page. The app is built five times,
 * each in a copy of its own under .bench/ (node_modules hard-linked), differing only in the
 * middleware: the real one and a no-op one on the Edge runtime, the same two as a Node-runtime
 * `proxy.ts`, and none at all. Each build is served by the front server (server.ts, as `npm start`
 * does) and a signed-in dynamic page (/account: the session is checked against the store) is
 * requested by a fixed number of concurrent clients for a fixed time; the figure is requests per
 * second. The real build is also served by plain `next start`, alternating with the front server,
 * for what that layer costs. Loopback only; stops by itself.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { until } from "../test/support/wait";

const run = promisify(execFile);

/** the browser the bench's sessions are bound to (and every bench request presents) */
export const BENCH_USER_AGENT = "session-bench";

export type Variant = "edge" | "edge-noop" | "node" | "node-noop" | "none";
export const VARIANTS: Variant[] = ["edge", "edge-noop", "node", "node-noop", "none"];

const NOOP = `import { NextResponse } from "next/server";

export function middleware() {
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
`;

/** The project's middleware as a Node-runtime proxy.ts: same code, other file convention. */
const asProxy = (source: string) =>
  source
    .replace(/export async function middleware\(/, "export async function proxy(")
    .replace(/export function middleware\(/, "export function proxy(");

async function prepare(root: string, variant: Variant): Promise<string> {
  const dir = join(root, ".bench", variant);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // the sources as they are (generated Prisma client included), then node_modules as hard links
  await run("bash", [
    "-c",
    `tar -C "${root}" --exclude=./node_modules --exclude=./.next --exclude=./.bench --exclude=./test-results --exclude=./.data --exclude=./.git --exclude=./.env --exclude=./.env.local -cf - . | tar -C "${dir}" -xf -`,
  ]);
  await run("cp", ["-al", join(root, "node_modules"), join(dir, "node_modules")]);
  // next build type-checks every file tsconfig includes: the tests and their configs are not the app
  await run("bash", ["-c", `cd "${dir}" && rm -rf e2e playwright.config.ts vitest.config.* && find lib -name '*.test.ts' -delete`]);
  const middleware = await readFile(join(root, "middleware.ts"), "utf8");
  await rm(join(dir, "middleware.ts"));
  if (variant === "edge") await writeFile(join(dir, "middleware.ts"), middleware);
  if (variant === "edge-noop") await writeFile(join(dir, "middleware.ts"), NOOP);
  if (variant === "node") await writeFile(join(dir, "proxy.ts"), asProxy(middleware));
  if (variant === "node-noop") await writeFile(join(dir, "proxy.ts"), asProxy(NOOP));
  await run("node_modules/.bin/next", ["build"], {
    cwd: dir,
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  await run("node_modules/.bin/tsc", ["-p", "tsconfig.server.json"], { cwd: dir });
  // Bench only: lets plain `next start` run the app (which refuses to start in production without
  // its front server), so that the front server can be compared with Next's own
  await writeFile(join(dir, "bench-claim-front-server.mjs"), `globalThis[Symbol.for("session-lab.front-server")] = { hops: 0 };\n`);
  return dir;
}

export type Server = "front" | "next-start";

async function start(dir: string, port: number, env: Record<string, string>, server: Server = "front"): Promise<ChildProcess> {
  const [command, args, extra] =
    server === "front"
      ? [process.execPath, ["dist/server.js", "--port", String(port), "--hostname", "127.0.0.1"], {}]
      : [
          "node_modules/.bin/next",
          ["start", "-p", String(port), "-H", "127.0.0.1"],
          { NODE_OPTIONS: "--import ./bench-claim-front-server.mjs" },
        ];
  const child = spawn(command, args, {
    cwd: dir,
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), ...env, ...extra },
  });
  await until(async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).ok, {
    timeoutMs: 60_000,
    everyMs: 250,
    what: `the ${server} server on ${port} starting`,
  });
  return child;
}

/** `clients` concurrent loops requesting `path` for `seconds`; requests per second (all must be 200). */
async function load(url: string, cookie: string, clients: number, seconds: number): Promise<number> {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        // an X-Forwarded-For of the client's own writing, which the front server replaces
        const response = await fetch(url, {
          headers: { cookie, "user-agent": BENCH_USER_AGENT, "x-forwarded-for": "198.51.100.7" },
          redirect: "manual",
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
        done++;
      }
    }),
  );
  return done / seconds;
}

export interface PageResult {
  variant: Variant;
  requestsPerSecond: number;
}

/** The real build, served alternately by the front server and by `next start` (requests/s of each run). */
export interface FrontServerResult {
  front: number[];
  nextStart: number[];
}

/**
 * Builds and measures every variant, one at a time (2 cores: a server and its load share them).
 * `cookie(variant)` gives a fresh signed-in cookie for each run, so no run ages another's session.
 */
export async function benchPages(options: {
  root: string;
  env: Record<string, string>;
  cookie: () => Promise<string>;
  port?: number;
  clients?: number;
  seconds?: number;
  log?: (line: string) => void;
}): Promise<{ pages: PageResult[]; frontServer: FrontServerResult }> {
  const { root, env, cookie, port = 3290, clients = 8, seconds = 10, log = () => {} } = options;
  const url = `http://127.0.0.1:${port}/account`;
  const measure = async (dir: string, server: Server) => {
    const child = await start(dir, port, env, server);
    try {
      const value = await cookie();
      await load(url, value, clients, 3); // warm-up: JIT, connections, caches
      return await load(url, value, clients, seconds);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  };
  const pages: PageResult[] = [];
  const frontServer: FrontServerResult = { front: [], nextStart: [] };
  for (const variant of VARIANTS) {
    log(`building the ${variant} variant…`);
    const dir = await prepare(root, variant);
    try {
      pages.push({ variant, requestsPerSecond: await measure(dir, "front") });
      log(`${variant}: ${pages.at(-1)!.requestsPerSecond.toFixed(0)} requests/s`);
      if (variant === "edge") {
        // alternating, so that drift in the machine's speed falls on both alike
        for (let round = 0; round < 2; round++) {
          frontServer.nextStart.push(await measure(dir, "next-start"));
          frontServer.front.push(await measure(dir, "front"));
          log(`front server ${frontServer.front.at(-1)!.toFixed(0)} vs next start ${frontServer.nextStart.at(-1)!.toFixed(0)} requests/s`);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { pages, frontServer };
}
