import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
// The production shape for the Playwright "production" project: a fresh database without demo
// accounts, two app instances (the front server, TRUST_PROXY_HOPS=1) on it and one Redis database,
// and nginx in front with TLS, rendering deploy/nginx/session-lab.conf.template as a deployment
// would. Runs until Playwright stops it. Usage: tsx e2e/support/serve-production.ts
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import { openDatabase } from "../../lib/db/connection";
import { AppInstance } from "./instances";
import { PRODUCTION } from "./servers";
import { testCertificate } from "./tls";
import { releaseTestUsers, seedTestUsers } from "./users";

const NGINX_DIR = path.resolve(".data", "tls", "nginx");

/** Renders the shipped template the way envsubst does, for exactly the variables it names. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

async function nginxConfig(): Promise<string> {
  const cert = testCertificate();
  await mkdir(NGINX_DIR, { recursive: true });
  const site = renderTemplate(await readFile("deploy/nginx/session-lab.conf.template", "utf8"), {
    SERVER_NAME: "127.0.0.1",
    HTTPS_LISTEN: `127.0.0.1:${PRODUCTION.port}`,
    HTTP_LISTEN: `127.0.0.1:${PRODUCTION.httpPort}`,
    TLS_CERTIFICATE: path.resolve(cert.cert),
    TLS_CERTIFICATE_KEY: path.resolve(cert.key),
    UPSTREAM_SERVERS: PRODUCTION.instances.map((port) => `server 127.0.0.1:${port};`).join("\n    "),
  });
  await writeFile(path.join(NGINX_DIR, "session-lab.conf"), site);
  // the main context a distribution's nginx.conf provides, with every path inside this folder
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${path.join(NGINX_DIR, t)};`).join("\n");
  const main = `worker_processes 1;
pid ${path.join(NGINX_DIR, "nginx.pid")};
error_log stderr warn;
events { worker_connections 512; }
http {
  access_log off;
${temp}
  include ${path.join(NGINX_DIR, "session-lab.conf")};
  # test scaffolding, not in the template: nginx is up (it starts once both instances answer)
  server { listen 127.0.0.1:${PRODUCTION.readyPort}; return 204; }
}
`;
  const file = path.join(NGINX_DIR, "nginx.conf");
  await writeFile(file, main);
  return file;
}

const database = await freshDatabase(testDatabaseUrl("session_e2e_production"));
{
  const db = await openDatabase(database);
  await seedTestUsers(db.prisma);
  await db.close();
  await releaseTestUsers(PRODUCTION.port);
  const redis = new Redis(PRODUCTION.env.REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
}

const instances = PRODUCTION.instances.map((port) => new AppInstance(port, { ...PRODUCTION.env, DATABASE_URL: database }));
await Promise.all(instances.map((i) => i.start()));
const nginx: ChildProcess = spawn("nginx", ["-p", NGINX_DIR, "-c", await nginxConfig(), "-g", "daemon off;"], { stdio: "inherit" });

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  nginx.kill("SIGQUIT");
  await Promise.all(instances.map((i) => i.stop()));
  process.exit(code);
}
nginx.on("exit", (code) => {
  if (stopping) return;
  console.error(`[production] nginx exited (${code}); the instances said:\n${instances.map((i) => i.errors).join("\n")}`);
  void stop(1);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
