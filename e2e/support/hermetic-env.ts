import { readFile } from "node:fs/promises";
import { TEST_METRICS_TOKEN, TEST_SESSION_SECRET } from "./servers";

/**
 * The environment of an app server under test: every variable .env.example lists pinned to the
 * server's value or to "" (which Next treats as set), so a developer's own .env never leaks into a
 * run; production mode; the test secret and metrics token; demo mode unless `values` say otherwise.
 */
export async function hermeticEnv(values: Record<string, string>): Promise<NodeJS.ProcessEnv> {
  const keys = [...(await readFile(".env.example", "utf8")).matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  for (const key of keys) env[key] = "";
  return Object.assign(env, { SESSION_SECRET: TEST_SESSION_SECRET, METRICS_TOKEN: TEST_METRICS_TOKEN, DEMO_MODE: "1" }, values);
}
