import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POLICY_ENV } from "./session/policy";

/** .env.example is the one list of configuration: every variable the app reads must be in it. */
const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "lib", "middleware.ts", "instrumentation.ts", "next.config.mjs"];
// set by the platform, or read only by the test and bench tooling (documented in the README's Testing section)
const NOT_CONFIGURATION = new Set(["NODE_ENV", "NEXT_RUNTIME", "__NEXT_PRIVATE_ORIGIN", "CI", "TEST_DATABASE_URL", "TEST_REDIS_URL", "BENCH_SESSIONS", "BENCH_PAGES"]);

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
  it("lists every environment variable the application reads", async () => {
    // the policy reads its variables through a table rather than as env.NAME
    const read = new Set<string>(Object.keys(POLICY_ENV));
    for (const entry of SOURCES) {
      for (const file of await sourceFiles(entry)) {
        for (const m of (await readFile(file, "utf8")).matchAll(/\benv\.([A-Z_][A-Z0-9_]*)/g)) read.add(m[1]!);
      }
    }
    const example = await readFile(path.join(ROOT, ".env.example"), "utf8");
    const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
    const missing = [...read].filter((name) => !NOT_CONFIGURATION.has(name) && !listed.has(name));
    expect(read.size).toBeGreaterThan(5); // the scan found the configuration, or this test proves nothing
    expect(missing).toEqual([]);
  });
});
