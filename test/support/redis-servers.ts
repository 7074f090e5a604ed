import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { until } from "./wait";

/**
 * Test support: real redis-server processes on 127.0.0.1 and free ports, in a temporary directory that
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

async function answersPing(port: number): Promise<boolean> {
  const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } finally {
    probe.disconnect();
  }
}

const waitForPing = (port: number) =>
  until(() => answersPing(port), { timeoutMs: 15_000, everyMs: 100, what: `redis-server on ${port} starting` });

/** A redis-server on `options.port`, or on a free one. */
export async function startRedisServer(
  args: string[] = [],
  options: { dir?: string; sentinel?: string; port?: number } = {},
): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "redis-test-")));
  const argv = options.sentinel ? [options.sentinel, "--sentinel", "--port", String(port)] : ["--port", String(port)];
  const child: ChildProcess = spawn(
    "redis-server",
    [...argv, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, ...args],
    {
      stdio: "ignore",
    },
  );
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
    nodes.push(
      await startRedisServer(
        ["--cluster-enabled", "yes", "--cluster-config-file", join(dir, `nodes-${i}.conf`), "--cluster-node-timeout", "2000"],
        { dir },
      ),
    );
  }
  const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
  await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"]);
  // every node must agree the slots are covered before clients are handed the cluster
  for (const node of nodes) {
    const settled = async () => (await run("redis-cli", ["-p", String(node.port), "cluster", "info"])).stdout.includes("cluster_state:ok");
    await until(settled, { timeoutMs: 15_000, everyMs: 200, what: "the cluster settling" });
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
  const replicaKnown = async () =>
    (await ask("sentinel", "replicas", name)).includes(String(replica.port)) &&
    (await run("redis-cli", ["-p", String(replica.port), "info", "replication"])).stdout.includes("master_link_status:up");
  await until(replicaKnown, { timeoutMs: 20_000, everyMs: 200, what: "sentinel seeing the replica" });
  return {
    master,
    replica,
    sentinel,
    name,
    env: `127.0.0.1:${sentinel.port}`,
    async failover() {
      const before = await masterPort();
      await ask("sentinel", "failover", name);
      let promoted = 0;
      await until(async () => (promoted = await masterPort()) > 0 && promoted !== before, {
        timeoutMs: 20_000,
        everyMs: 200,
        what: "a failover",
      });
      return promoted;
    },
    async stop() {
      await Promise.all([sentinel.stop(), replica.stop(), master.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
