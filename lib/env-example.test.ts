import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "./env";

/** .env.example is the one list of configuration, and lib/env.ts the one place it is read. */
const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "lib", "middleware.ts", "instrumentation.ts", "next.config.mjs", "server.ts"];
// set by the platform, or read only by the test and bench tooling (documented in the README's Testing section)
const NOT_CONFIGURATION = new Set([
  "NODE_ENV",
  "NEXT_RUNTIME",
  "__NEXT_PRIVATE_ORIGIN",
  "CI",
  "TEST_DATABASE_URL",
  "TEST_REDIS_URL",
  "BENCH_SESSIONS",
  "BENCH_PAGES",
]);

async function sourceFiles(entry: string): Promise<string[]> {
  const full = path.join(ROOT, entry);
  if (!(await readdir(full).catch(() => null))) return [full];
  const found: string[] = [];
  for (const dirent of await readdir(full, { withFileTypes: true, recursive: true })) {
    const file = path.join(dirent.parentPath, dirent.name);
    if (dirent.isFile() && /\.(tsx?|mjs)$/.test(dirent.name) && !/\.test\.ts$|test-support|generated/.test(file)) found.push(file);
  }
  return found;
}

describe(".env.example", () => {
  it("lists exactly the variables of the app's one environment schema", async () => {
    const example = await readFile(path.join(ROOT, ".env.example"), "utf8");
    const listed = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    const schema = Object.keys(envSchema.shape).filter((name) => !NOT_CONFIGURATION.has(name));
    expect(schema.length).toBeGreaterThan(30);
    expect(listed.sort()).toEqual(schema.sort());
  });

  it("is the only place that reads them: no module parses an environment variable by hand", async () => {
    const byHand: string[] = [];
    for (const entry of SOURCES) {
      for (const file of await sourceFiles(entry)) {
        if (file.endsWith(path.join("lib", "env.ts"))) continue;
        for (const m of (await readFile(file, "utf8")).matchAll(/\bprocess\.env\.([A-Z_][A-Z0-9_]*)\b(?!\s*\|?\|?=[^=])/g)) {
          // (a write, such as the front server telling the app its own address, is not a read)
          if (!NOT_CONFIGURATION.has(m[1]!)) byHand.push(`${path.relative(ROOT, file)}: ${m[0]}`);
        }
      }
    }
    expect(byHand).toEqual([]);
  });
});
