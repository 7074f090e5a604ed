import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { startRedisServer, type RedisProcess as RedisServer } from "../../test/support/redis-servers";
import { until } from "../../test/support/wait";
import { hermeticEnv } from "./hermetic-env";

/**
 * For tests that need processes of their own: a redis-server they can kill and restart, and several
 * app instances (the front server) sharing one PostgreSQL database (test/support/databases.ts
 * freshDatabase) and that Redis. Loopback only; every process
 * is stopped by the test that started it.
 */
/** A redis-server on a fixed port that a test can kill (SIGKILL, as when its machine dies) and start again. */
export class RedisProcess {
  private server: RedisServer | null = null;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start() {
    this.server = await startRedisServer([], { port: this.port });
  }
  async kill() {
    await this.server?.stop();
    this.server = null;
  }
}

/**
 * Starts the app the way `command` does and waits for it to exit by itself, as a server that
 * refuses its configuration does: its exit code and what it said. Killed after `ms`.
 */
export async function startExpectingRefusal(
  command: string[],
  values: Record<string, string>,
  ms = 60_000,
): Promise<{ code: number | null; stderr: string }> {
  const env = await hermeticEnv(values);
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, stderr };
}

export class AppInstance {
  private child: ChildProcess | null = null;
  /** the tail of the server's stderr */
  errors = "";
  constructor(
    readonly port: number,
    private readonly values: Record<string, string>,
  ) {}
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start() {
    const env = await hermeticEnv({ ...this.values, PORT: String(this.port) });
    this.child = spawn(process.execPath, ["dist/server.js", "--port", String(this.port), "--hostname", "127.0.0.1"], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    // the server's complaints, kept for a failing test to show (stdout carries the request log)
    this.child.stderr!.on("data", (chunk: Buffer) => (this.errors = (this.errors + chunk.toString()).slice(-20_000)));
    await until(async () => (await fetch(`${this.url}/api/health`)).status < 500, {
      timeoutMs: 60_000,
      everyMs: 250,
      what: `the app on ${this.port} starting`,
    });
  }
  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
  /** The server's process id (the outbox lease names it). */
  get pid() {
    return this.child?.pid ?? null;
  }
  /** Kills the server at once (SIGKILL): nothing it was doing is finished. */
  async kill() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
  /** Resident memory of the server process and its children (next start runs the app in a child). */
  async rssBytes(): Promise<number> {
    const pids = [this.child!.pid!];
    for (let i = 0; i < pids.length; i++) {
      const children = await readFile(`/proc/${pids[i]}/task/${pids[i]}/children`, "utf8").catch(() => "");
      pids.push(...children.split(/\s+/).filter(Boolean).map(Number));
    }
    let total = 0;
    for (const pid of pids) {
      const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    }
    return total;
  }
}
