import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";

/**
 * Test-only: real redis-server processes on 127.0.0.1 and free ports, in a temporary directory that
 * goes when they stop. Nothing is kept on disk. For the fault tests (a server can be hung with SIGSTOP
 * and resumed) and the topology tests (a 3-master Cluster, a master and replica under Sentinel).
 */
const run = promisify(execFile);

export interface RedisProcess {
  port: number;
  /** hangs the server (it stops answering, connections stay open): a slow or partitioned Redis */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === "PONG") return;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      probe.disconnect();
    }
  }
}

/** A redis-server on `options.port`, or on a free one. */
export async function startRedisServer(args: string[] = [], options: { dir?: string; sentinel?: string; port?: number } = {}): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "redis-test-")));
  const argv = options.sentinel ? [options.sentinel, "--sentinel", "--port", String(port)] : ["--port", String(port)];
  const child: ChildProcess = spawn("redis-server", [...argv, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, ...args], {
    stdio: "ignore",
  });
  await waitForPing(port);
  return {
    port,
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
    async stop() {
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisCluster {
  nodes: RedisProcess[];
  /** REDIS_CLUSTER_NODES for these nodes */
  env: string;
  stop(): Promise<void>;
}

/** Three masters, slots split by redis-cli, no replicas. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), "redis-cluster-"));
  const nodes: RedisProcess[] = [];
  for (let i = 0; i < 3; i++) {
    nodes.push(await startRedisServer(["--cluster-enabled", "yes", "--cluster-config-file", join(dir, `nodes-${i}.conf`), "--cluster-node-timeout", "2000"], { dir }));
  }
  const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
  await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"]);
  // every node must agree the slots are covered before clients are handed the cluster
  for (const node of nodes) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { stdout } = await run("redis-cli", ["-p", String(node.port), "cluster", "info"]);
      if (stdout.includes("cluster_state:ok")) break;
      if (Date.now() > deadline) throw new Error("the cluster did not settle");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    nodes,
    env: addresses.join(","),
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisSentinelSetup {
  master: RedisProcess;
  replica: RedisProcess;
  sentinel: RedisProcess;
  name: string;
  /** REDIS_SENTINELS for this setup */
  env: string;
  /** asks Sentinel to promote the replica, and waits until it names the new master */
  failover(): Promise<number>;
  stop(): Promise<void>;
}

/** A master, its replica and one Sentinel watching them (quorum 1). */
export async function startRedisSentinel(name = "sessions"): Promise<RedisSentinelSetup> {
  const dir = await mkdtemp(join(tmpdir(), "redis-sentinel-"));
  const master = await startRedisServer([], { dir });
  const replica = await startRedisServer(["--replicaof", "127.0.0.1", String(master.port)], { dir });
  const conf = join(dir, "sentinel.conf");
  await writeFile(
    conf,
    [
      `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 5000`,
      "",
    ].join("\n"),
  );
  const sentinel = await startRedisServer([], { dir, sentinel: conf });
  const ask = async (...args: string[]) => (await run("redis-cli", ["-p", String(sentinel.port), ...args])).stdout.trim();
  const masterPort = async () => Number((await ask("sentinel", "get-master-addr-by-name", name)).split("\n")[1]);
  // the replica must be in sync and known to Sentinel before a failover can pick it
  const deadline = Date.now() + 20_000;
  while (!(await ask("sentinel", "replicas", name)).includes(String(replica.port)) || !(await run("redis-cli", ["-p", String(replica.port), "info", "replication"])).stdout.includes("master_link_status:up")) {
    if (Date.now() > deadline) throw new Error("sentinel did not see the replica");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    master,
    replica,
    sentinel,
    name,
    env: `127.0.0.1:${sentinel.port}`,
    async failover() {
      const before = await masterPort();
      await ask("sentinel", "failover", name);
      const until = Date.now() + 20_000;
      for (;;) {
        const now = await masterPort();
        if (now && now !== before) return now;
        if (Date.now() > until) throw new Error("no failover");
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      await Promise.all([sentinel.stop(), replica.stop(), master.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
