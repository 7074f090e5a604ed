import { existsSync, readFileSync } from "node:fs";

/** Checks docs/asvs.md: every required requirement has a row, and every referenced test exists. */
export const ASVS_MAP = "docs/asvs.md";
export const REQUIRED = [
  ...[
    "7.1.1",
    "7.1.2",
    "7.1.3",
    "7.2.1",
    "7.2.2",
    "7.2.3",
    "7.2.4",
    "7.3.1",
    "7.3.2",
    "7.4.1",
    "7.4.2",
    "7.4.3",
    "7.4.4",
    "7.4.5",
    "7.5.1",
    "7.5.2",
    "7.6.1",
    "7.6.2",
  ],
  ...["3.3.1", "3.3.2", "3.3.3", "3.3.4"],
  ...Array.from({ length: 11 }, (_, i) => `10.4.${i + 1}`),
];

export function checkAsvsMap(markdown = readFileSync(ASVS_MAP, "utf8")): string[] {
  const problems: string[] = [];
  const rows = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const id = /^\| (\d+\.\d+\.\d+) \|/.exec(line)?.[1];
    if (id) rows.set(id, line);
  }
  for (const id of REQUIRED) {
    const row = rows.get(id);
    if (!row) {
      problems.push(`${id}: no row`);
      continue;
    }
    const cells = row.split("|").map((c) => c.trim());
    const status = cells[4];
    const proof = cells[6] ?? "";
    if (status !== "n/a" && !proof.includes("`")) problems.push(`${id}: "${status}" without a test that proves it`);
  }
  for (const [id, row] of rows) {
    for (const ref of row.matchAll(/`((?:e2e|lib)\/[^`]+\.(?:spec|test)\.ts)`(?:\s*›\s*"([^"]+)")?/g)) {
      const [, file, title] = ref;
      if (!existsSync(file!)) problems.push(`${id}: ${file} does not exist`);
      else if (title && !readFileSync(file!, "utf8").includes(title)) problems.push(`${id}: no test "${title}" in ${file}`);
    }
  }
  return problems;
}
