/**
 * `npm run test:alerts`: the Prometheus rules (deploy/prometheus) are valid, their unit tests pass,
 * and those tests can fail: for each alert, a copy of the rules with its threshold (or its guard)
 * broken must make `promtool test rules` fail, in both directions where there are two (too loose:
 * the "fires just over" test fails; too tight: the "silent just under" test fails). Exits 1 when
 * any of that does not hold, or when promtool is missing (Debian: `apt-get install prometheus`).
 * It also has promtool parse every query of the Grafana dashboard (deploy/grafana/session-lab.json).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const DIR = path.resolve(import.meta.dirname, "../../deploy/prometheus");
const RULES = "session-lab.rules.yml";
const TESTS = "session-lab.rules.test.yml";

interface Mutation {
  alert: string;
  /** text inside the alert's rule (exactly once there), and what it becomes */
  from: string;
  to: string;
  why: string;
}

const MUTATIONS: Mutation[] = [
  { alert: "SessionValidationSlow", from: "> 0.01", to: "> 1", why: "10 ms → 1 s" },
  { alert: "SessionValidationSlow", from: "> 0.01", to: "> 0.009", why: "10 ms → 9 ms" },
  { alert: "HighErrorRate", from: "> 0.001", to: "> 0.01", why: "0.1% → 1%" },
  { alert: "HighErrorRate", from: "> 0.001", to: "> 0.0008", why: "0.1% → 0.08%" },
  { alert: "HighErrorRate", from: "for: 10m", to: "for: 2m", why: "for 10m → 2m (a lone 5xx fires)" },
  { alert: "SessionValidationErrors", from: "> 0.001", to: "> 0.01", why: "0.1% → 1%" },
  { alert: "SessionValidationErrors", from: "> 0.001", to: "> 0.0008", why: "0.1% → 0.08%" },
  { alert: "SessionCacheHitRateLow", from: "< 0.95", to: "< 0.5", why: "95% → 50%" },
  { alert: "SessionCacheHitRateLow", from: "< 0.95", to: "< 0.96", why: "95% → 96%" },
  {
    alert: "SessionCacheHitRateLow",
    from: '{layer="redis"}',
    to: '{layer=~"memory|redis"}',
    why: "guard on any cache layer (the embedded default fires)",
  },
  {
    alert: "SessionCacheHitRateLow",
    from: 'count by (job) (session_store_reads_total{layer="redis"})',
    to: 'count by (job) (rate(session_store_reads_total{layer="redis"}[5m]) > 0)',
    why: "guard on Redis answering now (a Redis outage is missed)",
  },
  { alert: "FailedSignInSpike", from: "> 30", to: "> 100", why: "30 → 100 in 5 minutes" },
  { alert: "FailedSignInSpike", from: "> 30", to: "> 28", why: "30 → 28 in 5 minutes" },
  { alert: "ThrottledSignInSpike", from: "> 20", to: "> 100", why: "20 → 100 in 5 minutes" },
  { alert: "ThrottledSignInSpike", from: "> 20", to: "> 18", why: "20 → 18 in 5 minutes" },
  { alert: "SessionReuseDetected", from: "> 0", to: "> 1", why: "any → more than one" },
  { alert: "SessionReuseDetected", from: "> 0", to: ">= 0", why: "any → always" },
  { alert: "SessionReuseSpike", from: "> 5", to: "> 10", why: "5 → 10 in 15 minutes" },
  { alert: "SessionReuseSpike", from: "> 5", to: "> 4", why: "5 → 4 in 15 minutes" },
];

function promtool(...args: string[]) {
  const run = spawnSync("promtool", args, { encoding: "utf8" });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === "ENOENT";
    console.error(
      missing
        ? "promtool is not installed: it comes with Prometheus (Debian/Ubuntu: `sudo apt-get install prometheus`; elsewhere the prometheus release archive)"
        : `promtool could not run: ${run.error.message}`,
    );
    process.exit(1);
  }
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

/** The lines of one alerting rule: from its `- alert:` line to the next rule or group. */
function ruleSpan(rules: string, alert: string): { start: number; end: number } | null {
  const lines = rules.split("\n");
  const first = lines.findIndex((l) => new RegExp(`^\\s*- alert: ${alert}\\s*$`).test(l));
  if (first < 0) return null;
  let last = first + 1;
  while (last < lines.length && !/^\s*- (alert|record|name):/.test(lines[last]!)) last++;
  const offset = (i: number) => lines.slice(0, i).join("\n").length + (i > 0 ? 1 : 0);
  return { start: offset(first), end: offset(last) };
}

function mutate(rules: string, m: Mutation): string {
  const span = ruleSpan(rules, m.alert);
  if (!span) throw new Error(`no alert ${m.alert} in ${RULES}`);
  const block = rules.slice(span.start, span.end);
  const count = block.split(m.from).length - 1;
  if (count !== 1)
    throw new Error(`"${m.from}" occurs ${count} times in alert ${m.alert}, not once: update MUTATIONS in lib/cli/alerts-check.ts`);
  return rules.slice(0, span.start) + block.replace(m.from, m.to) + rules.slice(span.end);
}

const problems: string[] = [];
const rulesPath = path.join(DIR, RULES);
const testsPath = path.join(DIR, TESTS);

const check = promtool("check", "rules", rulesPath);
console.log(
  `promtool check rules ${RULES}: ${check.ok ? "SUCCESS" : "FAILED"} (${/(\d+) rules found/.exec(check.output)?.[1] ?? "?"} rules)`,
);
if (!check.ok) problems.push(`promtool check rules failed:\n${check.output}`);
const test = promtool("test", "rules", testsPath);
console.log(`promtool test rules ${TESTS}: ${test.ok ? "SUCCESS" : "FAILED"}`);
if (!test.ok) problems.push(`promtool test rules failed on the real rules:\n${test.output}`);

// the dashboard's queries parse too: each becomes a recording rule of a scratch file promtool checks
const dashboardPath = path.resolve(DIR, "../grafana/session-lab.json");
const queries = (JSON.parse(readFileSync(dashboardPath, "utf8")) as { panels: { targets?: { expr: string }[] }[] }).panels
  .flatMap((p) => p.targets ?? [])
  .map((t) => t.expr.replaceAll("$__rate_interval", "5m").replaceAll("$__range", "1h").replaceAll("$job", ".+"));
{
  const scratch = mkdtempSync(path.join(tmpdir(), "session-lab-dashboard-"));
  const file = path.join(scratch, "dashboard.rules.yml");
  const records = queries.map((expr, i) => `      - record: dashboard_query_${i}\n        expr: ${JSON.stringify(expr)}`);
  writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${records.join("\n")}\n`);
  const parsed = promtool("check", "rules", file);
  rmSync(scratch, { recursive: true, force: true });
  console.log(`promtool parses the ${queries.length} queries of deploy/grafana/session-lab.json: ${parsed.ok ? "SUCCESS" : "FAILED"}`);
  if (!parsed.ok) problems.push(`a query of the dashboard does not parse:\n${parsed.output}`);
}

const rules = readFileSync(rulesPath, "utf8");
const tests = readFileSync(testsPath, "utf8");
const alerts = [...rules.matchAll(/^\s*- alert: (\w+)\s*$/gm)].map((match) => match[1]!);
for (const alert of alerts) {
  if (!MUTATIONS.some((m) => m.alert === alert)) problems.push(`alert ${alert} has no broken threshold in lib/cli/alerts-check.ts`);
  if (!new RegExp(`alertname: ${alert}\\s*$`, "m").test(tests)) problems.push(`alert ${alert} has no test in ${TESTS}`);
}

if (check.ok && test.ok) {
  console.log(`\neach threshold broken in a copy of the rules (the tests must then fail):`);
  const scratch = mkdtempSync(path.join(tmpdir(), "session-lab-alerts-"));
  try {
    copyFileSync(testsPath, path.join(scratch, TESTS));
    for (const m of MUTATIONS) {
      let broken: string;
      try {
        broken = mutate(rules, m);
      } catch (error) {
        problems.push((error as Error).message);
        continue;
      }
      writeFileSync(path.join(scratch, RULES), broken);
      // a copy promtool cannot load would fail the tests for the wrong reason
      const valid = promtool("check", "rules", path.join(scratch, RULES));
      const caught = valid.ok && !promtool("test", "rules", path.join(scratch, TESTS)).ok;
      console.log(`  ${caught ? "caught " : "MISSED "} ${m.alert.padEnd(24)} ${m.why}`);
      if (!valid.ok) problems.push(`${m.alert} (${m.why}): the broken copy is not valid rules:\n${valid.output}`);
      else if (!caught) problems.push(`${m.alert} (${m.why}): ${TESTS} still passes with this threshold broken: add a test that fails`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

for (const p of problems) console.error(`\n${p}`);
console.log(
  problems.length
    ? `\n${problems.length} problem(s)`
    : `\n${alerts.length} alerts tested; each of the ${MUTATIONS.length} broken thresholds made the tests fail`,
);
process.exit(problems.length ? 1 : 0);
