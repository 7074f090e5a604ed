import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { metrics } from "./metrics";

/**
 * The Grafana dashboard (deploy/grafana) and the Prometheus rules (deploy/prometheus) name only
 * metrics this app registers (lib/metrics.ts) or rules the rules file records, so neither can drift
 * from the code: renaming a metric fails here, not on a blank panel or a silent alert.
 * (`npm run test:alerts` runs promtool on the rules themselves.)
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const DASHBOARD = "deploy/grafana/session-lab.json";
const RULES = "deploy/prometheus/session-lab.rules.yml";
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "bool",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "offset",
  "inf",
  "nan",
]);

/** The metric names a PromQL expression (or Grafana query) reads. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/\$\{?\w+\}?/g, " ") // Grafana variables: $job, ${job}, $__rate_interval
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""') // strings
    .replace(/\{[^}]*\}/g, " ") // label matchers
    .replace(/\[[^\]]*\]/g, " ") // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ") // label lists
    .replace(/\boffset\s+\S+/g, " ");
  const names = new Set<string>();
  for (const match of bare.matchAll(/[\w:.]+/g)) {
    const token = match[0];
    if (!/^[A-Za-z_:][\w:]*$/.test(token) || KEYWORDS.has(token.toLowerCase())) continue;
    if (/^\s*\(/.test(bare.slice(match.index + token.length))) continue; // a function
    names.add(token);
  }
  return [...names];
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}

/** The rules of a Prometheus rules file as this repository writes it (`expr:` inline or as a `|` block). */
function parseRules(text: string): Rule[] {
  const rules: Rule[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = /^\s*- (alert|record): (\S+)\s*$/.exec(lines[i]!);
    if (head) rules.push({ [head[1] as "alert" | "record"]: head[2]!, expr: "" });
    const expr = /^(\s*)expr: (.*)$/.exec(lines[i]!);
    if (!expr || rules.length === 0) continue;
    const [, indent, value] = expr;
    let body = value!.trim();
    if (body === "|" || body === ">") {
      const block: string[] = [];
      while (i + 1 < lines.length && (lines[i + 1]!.trim() === "" || lines[i + 1]!.search(/\S/) > indent!.length))
        block.push(lines[++i]!.trim());
      body = block.join(" ").trim();
    } else body = body.replace(/^(["'])(.*)\1$/, "$2");
    rules.at(-1)!.expr = body;
  }
  return rules;
}

interface Panel {
  type: string;
  title: string;
  id: number;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
  panels?: Panel[];
}
const dashboard = JSON.parse(read(DASHBOARD)) as {
  __inputs: { name: string; pluginId: string }[];
  schemaVersion: number;
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; query: string | { query: string } }[] };
};
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== "row");
const rules = parseRules(read(RULES));
const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));

async function registered(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const m of await metrics().registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${m.name}${suffix}`);
    if (String(m.type) === "summary") for (const suffix of ["_sum", "_count"]) names.add(`${m.name}${suffix}`);
  }
  return names;
}

describe("metricNames", () => {
  it("reads metric names and recording rules, not functions, labels, keywords, durations or variables", () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (job, le) (rate(session_validation_seconds_bucket{job=~"$job",kind="a b"}[$__rate_interval]))) > 0.01 and on (job) count by (job) (x:y:z offset 5m) / ignoring(le) 1e6',
      ).sort(),
    ).toEqual(["session_validation_seconds_bucket", "x:y:z"]);
  });

  it("finds a misspelt metric (the check below can fail)", async () => {
    const known = await registered();
    expect(metricNames("sum(rate(session_validationz_total[5m]))").filter((n) => !known.has(n))).toEqual(["session_validationz_total"]);
  });
});

describe(`${DASHBOARD} (Grafana)`, () => {
  it("takes its Prometheus as the DS_PROMETHEUS input, on every panel and query", () => {
    expect(dashboard.__inputs).toContainEqual(expect.objectContaining({ name: "DS_PROMETHEUS", pluginId: "prometheus" }));
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    for (const p of panels) {
      expect(p.datasource?.uid, p.title).toBe("${DS_PROMETHEUS}");
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource?.uid ?? "${DS_PROMETHEUS}", p.title).toBe("${DS_PROMETHEUS}");
    }
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
  });

  it("every query names only metrics the app registers or the rules record", async () => {
    const known = await registered();
    const queries = [
      ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr }))),
      ...dashboard.templating.list.map((v) => ({
        where: `variable ${v.name}`,
        expr: (typeof v.query === "string" ? v.query : v.query.query).replace(/^label_values\(([^,)]+).*$/, "$1"),
      })),
    ];
    const unknown: string[] = [];
    for (const { where, expr } of queries) {
      const names = metricNames(expr);
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const n of names) if (!known.has(n) && !recorded.has(n)) unknown.push(`${where}: ${n}`);
    }
    expect(unknown).toEqual([]);
  });

  it("has panels for validation, cache, HTTP errors, sessions, sign-ins, reuse, adoption and store migration", () => {
    const read = new Set(panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr))));
    for (const name of [
      "session_validation_seconds_bucket",
      "session_validations_total",
      "job:session_store_reads:hit_ratio_rate5m",
      "http_responses_total",
      "job:http_responses:error_ratio_rate5m",
      "sessions_created_total",
      "sessions_ended_total",
      "login_failures_total",
      "login_throttled_total",
      "sessions_active",
      "session_adoptions_total",
      "session_store_migration_reads_total",
      "session_store_migration_mismatches_total",
      "session_store_migration_write_failures_total",
    ])
      expect(read, name).toContain(name);
    expect(panels.some((p) => p.targets?.some((t) => t.expr.includes('reason="token-reuse"')))).toBe(true);
  });
});

describe(`${RULES} (Prometheus)`, () => {
  it("has the alerts the runbook describes, each with an expression", () => {
    const alerts = rules.flatMap((r) => (r.alert ? [r.alert] : []));
    expect(alerts).toEqual(
      expect.arrayContaining([
        "SessionValidationSlow",
        "HighErrorRate",
        "SessionCacheHitRateLow",
        "FailedSignInSpike",
        "ThrottledSignInSpike",
        "SessionReuseDetected",
      ]),
    );
    const runbook = read("deploy/prometheus/README.md");
    for (const alert of alerts) expect(runbook, alert).toMatch(new RegExp(`^### ${alert}$`, "m"));
    for (const r of rules) expect(r.expr, r.alert ?? r.record).not.toBe("");
  });

  it("every rule names only metrics the app registers or the file records", async () => {
    const known = await registered();
    const unknown = rules.flatMap((r) =>
      metricNames(r.expr).flatMap((n) => (known.has(n) || recorded.has(n) ? [] : [`${r.alert ?? r.record}: ${n}`])),
    );
    expect(unknown).toEqual([]);
  });
});
