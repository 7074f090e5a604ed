/**
 * A reference client for the app API, doing what a native app does, step by step, and showing what
 * the server answers: sign in, call a protected API, refresh (rotation), retry a refresh (idempotent
 * inside the grace window), replay an old refresh token (theft: the session ends), and see the access
 * token refused at once.
 *
 *   npm run mobile-demo -- [--url http://127.0.0.1:3000] [--email alice@example.com] [--password alice-demo-password]
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    email: { type: "string", default: "alice@example.com" },
    password: { type: "string", default: "alice-demo-password" },
    device: { type: "string", default: "Session Lab demo client" },
    /** the installation id an app keeps: the same one signing in again sends no new-sign-in email */
    "device-id": { type: "string", default: "session-lab-demo-client-installation" },
  },
});
const base = values.url!.replace(/\/$/, "");

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
}

async function call(method: "GET" | "POST", path: string, options: { json?: unknown; bearer?: string } = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(options.json !== undefined ? { "content-type": "application/json" } : {}),
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
    },
    body: options.json !== undefined ? JSON.stringify(options.json) : undefined,
  }).catch((error: Error) => {
    console.error(
      `  cannot reach ${base} (${(error.cause as Error | undefined)?.message ?? error.message}). Start the app (npm run demo) or pass --url.`,
    );
    process.exit(2);
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  console.log(`  ${method} ${path} → ${response.status} (${(performance.now() - started).toFixed(1)} ms)`);
  return { status: response.status, body };
}

const short = (token: unknown) => (typeof token === "string" ? `${token.slice(0, 12)}…` : String(token));

function step(title: string) {
  console.log(`\n${title}`);
}

function expectStatus(answer: Answer, status: number, what: string) {
  if (answer.status !== status) {
    console.error(`  unexpected: ${what} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    process.exit(1);
  }
}

step(`1. Sign in as ${values.email} on "${values.device}"`);
const signIn = await call("POST", "/api/mobile/token", {
  json: { email: values.email, password: values.password, deviceName: values.device, deviceId: values["device-id"] },
});
expectStatus(signIn, 200, "sign-in");
const first = signIn.body!;
console.log(`  access token ${short(first.accessToken)} until ${first.accessTokenExpiresAt}`);
console.log(`  refresh token ${short(first.refreshToken)} until ${first.refreshTokenExpiresAt} (session ${first.sessionId})`);

step("2. Call a protected API with the access token");
const me = await call("GET", "/api/mobile/me", { bearer: first.accessToken as string });
expectStatus(me, 200, "/api/mobile/me");
console.log(`  ${JSON.stringify(me.body)}`);

step("3. Refresh: the refresh token is spent and replaced");
const refreshed = await call("POST", "/api/mobile/refresh", { json: { refreshToken: first.refreshToken } });
expectStatus(refreshed, 200, "refresh");
const second = refreshed.body!;
console.log(`  new refresh token ${short(second.refreshToken)}, new access token ${short(second.accessToken)}`);

step("4. The app retries the same refresh (its response was lost): same successor, nothing ends");
const retried = await call("POST", "/api/mobile/refresh", { json: { refreshToken: first.refreshToken } });
expectStatus(retried, 200, "retried refresh");
console.log(`  same successor: ${retried.body!.refreshToken === second.refreshToken}`);

step("5. Refresh again, then replay the first refresh token, as a thief holding a copy would");
const third = await call("POST", "/api/mobile/refresh", { json: { refreshToken: second.refreshToken } });
expectStatus(third, 200, "second refresh");
const replay = await call("POST", "/api/mobile/refresh", { json: { refreshToken: first.refreshToken } });
expectStatus(replay, 401, "replayed refresh token");
console.log(`  ${JSON.stringify(replay.body)}`);

step("6. The whole session ended: the newest tokens are refused at once");
const after = await call("GET", "/api/mobile/me", { bearer: third.body!.accessToken as string });
expectStatus(after, 401, "/api/mobile/me after reuse");
console.log(`  ${JSON.stringify(after.body)}`);
const lastRefresh = await call("POST", "/api/mobile/refresh", { json: { refreshToken: third.body!.refreshToken } });
expectStatus(lastRefresh, 401, "refresh after reuse");

console.log("\nDone: sign in again to get a new session. Sessions can also be ended from Account → Devices, or by a password change.");
