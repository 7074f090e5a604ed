import Link from "next/link";
import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/auth/admin";
import { loadDashboard, type Dashboard, type DashboardBucket, type DashboardRange } from "@/lib/auth/dashboard";
import { buttonClass } from "../components/button";
import { ReasonChart, TimeChart, type ChartColor, type ChartRow, type ChartSeries } from "./dashboard-charts";

/**
 * The admin dashboard: what the audit trail recorded in the last 24 hours or 7 days, and the live
 * sessions now. Server-rendered, so the range switch is a pair of links that work without script
 * and the numbers are in the HTML (the tables); only the bars are drawn in the browser.
 *
 * Each chart has a "Show as table" disclosure with the same numbers. A <details> rather than a
 * visually hidden table: it is reachable and readable for everyone (screen reader users, keyboard
 * and low-vision users who cannot use hover tooltips, anyone who wants exact figures), and it keeps
 * 24-row tables from crowding the page for those who read the bars.
 */

const RANGE_WORDS: Record<DashboardRange, { label: string; words: string; unit: string }> = {
  "24h": { label: "Last 24 hours", words: "last 24 hours", unit: "hour" },
  "7d": { label: "Last 7 days", words: "last 7 days", unit: "day" },
};

/**
 * Series colours, light and dark theme: against the card (white / #111827) every one is 5:1 or more,
 * above the 3:1 WCAG asks of graphics; adjacent stacked parts are also separated by a gap.
 */
const PALETTE = [
  "[--chart-1:#2f5bd8] [--chart-2:#b45309] [--chart-3:#b91c1c] [--chart-4:#7e22ce] [--chart-gap:#ffffff]",
  "[[data-theme=dark]_&]:[--chart-1:#7ea2ff] [[data-theme=dark]_&]:[--chart-2:#fbbf24] [[data-theme=dark]_&]:[--chart-3:#f87171]",
  "[[data-theme=dark]_&]:[--chart-4:#c084fc] [[data-theme=dark]_&]:[--chart-gap:#111827]",
].join(" ");
// literal class names, so Tailwind finds them
const SWATCH: Record<ChartColor, string> = {
  1: "bg-[var(--chart-1)]",
  2: "bg-[var(--chart-2)]",
  3: "bg-[var(--chart-3)]",
  4: "bg-[var(--chart-4)]",
};

type SeriesKey = Exclude<keyof DashboardBucket, "start">;
interface TimeChartSpec {
  id: string;
  title: string;
  /** what is counted, in a sentence under the title */
  note: string;
  series: (ChartSeries & { key: SeriesKey })[];
  stacked?: boolean;
}

const TIME_CHARTS: TimeChartSpec[] = [
  {
    id: "sign-ins",
    title: "Sign-ins",
    note: "Sessions created, in browsers and in the app.",
    stacked: true,
    series: [
      { key: "browserSignIns", name: "Browser", color: 1 },
      { key: "appSignIns", name: "App", color: 2 },
    ],
  },
  {
    id: "failed",
    title: "Failed and throttled sign-ins",
    note: "Wrong passwords (at sign-in or when confirming one), and attempts refused after too many.",
    series: [
      { key: "failedSignIns", name: "Failed", color: 1 },
      { key: "throttledSignIns", name: "Throttled", color: 2 },
    ],
  },
  {
    id: "ended",
    title: "Sessions ended",
    note: "Signed out, expired or ended by a person or a control; the reasons are below.",
    series: [{ key: "sessionsEnded", name: "Ended", color: 1 }],
  },
  {
    id: "threats",
    title: "Token reuse and suspicious use",
    note: "Old session keys presented again (possible theft), and sessions used from another browser or network.",
    series: [
      { key: "tokenReuse", name: "Token reuse", color: 3 },
      { key: "suspicious", name: "Suspicious", color: 4 },
    ],
  },
];

const utc = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", ...options });
const DAY_FORMAT = utc({ weekday: "short", day: "numeric", month: "short" });
const TIME_FORMAT = utc({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** Axis and tooltip words for a bucket, formatted here so the browser draws exactly what the table says. */
function bucketWords(range: DashboardRange, start: number, bucketMs: number) {
  if (range === "7d") return { tick: DAY_FORMAT.format(start), when: DAY_FORMAT.format(start) };
  const tick = TIME_FORMAT.format(start);
  return { tick, when: `${DAY_FORMAT.format(start)}, ${tick}–${TIME_FORMAT.format(start + bucketMs)}` };
}

const sum = (buckets: DashboardBucket[], key: SeriesKey) => buckets.reduce((n, b) => n + b[key], 0);

/** Only for an elevated admin: it checks again itself, so it cannot be placed where the page's check is not. */
export async function AdminDashboard({ range, q }: { range: DashboardRange; q: string }) {
  const { elevated } = await requireAdmin();
  if (!elevated) return null;
  const data = await loadDashboard(range);
  const words = RANGE_WORDS[range];
  const rows: ChartRow[] = data.buckets.map((b) => ({ ...b, ...bucketWords(range, b.start, data.bucketMs) }));
  return (
    <section aria-labelledby="dashboard-heading" className={`space-y-5 ${PALETTE}`} data-testid="admin-dashboard">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="dashboard-heading" className="text-lg font-semibold">
            Activity, {words.words}
          </h2>
          <p className="text-sm text-slate-600">
            Per {words.unit}, in UTC, as of {DAY_FORMAT.format(data.now)} {TIME_FORMAT.format(data.now)} UTC.
          </p>
        </div>
        <RangeSwitch range={range} q={q} />
      </div>
      <ActiveSessions active={data.active} />
      <div className="grid gap-4 md:grid-cols-2">
        {TIME_CHARTS.map((spec) => (
          <TimeChartCard key={spec.id} spec={spec} data={data} rows={rows} />
        ))}
        <ReasonsCard data={data} />
      </div>
    </section>
  );
}

/** Two links (?range=), not buttons: they work without script, and the view can be bookmarked. */
function RangeSwitch({ range, q }: { range: DashboardRange; q: string }) {
  return (
    <div role="group" aria-label="Time range" className="flex gap-2">
      {(Object.keys(RANGE_WORDS) as DashboardRange[]).map((r) => {
        const params = new URLSearchParams(q ? { q } : {});
        if (r !== "24h") params.set("range", r);
        const query = params.toString();
        return (
          <Link
            key={r}
            href={query ? `/admin?${query}` : "/admin"}
            // the page stays where it is, and the focus on the link
            scroll={false}
            aria-current={r === range ? "true" : undefined}
            className={buttonClass({ variant: r === range ? "primary" : "secondary", size: "sm" })}
          >
            {RANGE_WORDS[r].label}
          </Link>
        );
      })}
    </div>
  );
}

function ActiveSessions({ active }: { active: Dashboard["active"] }) {
  const tiles = [
    { label: "Active browser sessions", value: active.browser, id: "active-browser" },
    { label: "Active app sessions", value: active.mobile, id: "active-app" },
  ];
  return (
    <div className="space-y-2">
      <dl className="grid max-w-md grid-cols-2 gap-4">
        {tiles.map((t) => (
          <div key={t.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">{t.label}</dt>
            <dd className="text-2xl font-semibold tabular-nums" data-testid={t.id}>
              {t.value}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-600">Now: not ended, and within the idle and absolute limits.</p>
    </div>
  );
}

function Card({ id, title, note, children }: { id: string; title: string; note: string; children: ReactNode }) {
  return (
    <article aria-labelledby={`chart-${id}-title`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div>
        <h3 id={`chart-${id}-title`} className="font-medium">
          {title}
        </h3>
        <p className="text-sm text-slate-600">{note}</p>
      </div>
      {children}
    </article>
  );
}

function TimeChartCard({ spec, data, rows }: { spec: TimeChartSpec; data: Dashboard; rows: ChartRow[] }) {
  const words = RANGE_WORDS[data.range];
  const totals = spec.series.map((s) => ({ ...s, total: sum(data.buckets, s.key) }));
  const total = totals.reduce((n, t) => n + t.total, 0);
  const caption = `${spec.title} per ${words.unit}, ${words.words} (UTC)`;
  const parts = totals.length > 1 ? `: ${totals.map((t) => `${t.total} ${t.name.toLowerCase()}`).join(", ")}` : "";
  return (
    <Card id={spec.id} title={spec.title} note={spec.note}>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Totals">
        {totals.map((t) => (
          <li key={t.key} className="flex items-center gap-1.5">
            <span className={`inline-block size-3 rounded-sm ${SWATCH[t.color]}`} aria-hidden="true" />
            {t.name} <span className="font-medium tabular-nums">{t.total}</span>
          </li>
        ))}
      </ul>
      <TimeChart label={`${caption}. ${total} in total${parts}.`} rows={rows} series={spec.series} stacked={spec.stacked} />
      <Disclosure name={spec.title}>
        <table className="w-full text-left text-sm tabular-nums" data-chart={spec.id}>
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-1 pr-2 font-medium">
                {data.range === "7d" ? "Day" : "Hour"} (UTC)
              </th>
              {spec.series.map((s) => (
                <th key={s.key} scope="col" className="px-2 py-1 text-right font-medium">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.tick + i} data-start={new Date(data.buckets[i]!.start).toISOString()} className="border-b border-slate-100">
                <th scope="row" className="py-1 pr-2 font-normal">
                  {row.when}
                </th>
                {spec.series.map((s) => (
                  <td key={s.key} data-series={s.key} className="px-2 py-1 text-right">
                    {data.buckets[i]![s.key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="py-1 pr-2 font-medium">
                Total
              </th>
              {totals.map((t) => (
                <td key={t.key} className="px-2 py-1 text-right font-medium">
                  {t.total}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </Disclosure>
    </Card>
  );
}

function ReasonsCard({ data }: { data: Dashboard }) {
  const words = RANGE_WORDS[data.range];
  const rows = data.endedByReason.map((r) => ({ reason: r.label, count: r.count }));
  const caption = `Sessions ended by reason, ${words.words}`;
  return (
    <div className="md:col-span-2">
      <Card id="reasons" title="Sessions ended, by reason" note={`Why sessions ended in the ${words.words}, most frequent first.`}>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">No session ended in the {words.words}.</p>
        ) : (
          <>
            <ReasonChart label={`${caption}: ${rows.map((r) => `${r.reason}, ${r.count}`).join("; ")}.`} rows={rows} />
            <Disclosure name="Sessions ended, by reason">
              <table className="w-full text-left text-sm" data-chart="reasons">
                <caption className="sr-only">{caption}</caption>
                <thead>
                  <tr className="border-b border-slate-200">
                    <th scope="col" className="py-1 pr-2 font-medium">
                      Reason
                    </th>
                    <th scope="col" className="px-2 py-1 text-right font-medium">
                      Sessions
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.endedByReason.map((r) => (
                    <tr key={r.reason ?? ""} data-reason={r.reason ?? ""} className="border-b border-slate-100">
                      <th scope="row" className="py-1 pr-2 font-normal">
                        {r.label}
                      </th>
                      <td className="px-2 py-1 text-right tabular-nums">{r.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Disclosure>
          </>
        )}
      </Card>
    </div>
  );
}

/** "Show as table", with the chart's name for screen readers (five of them on the page would sound alike). */
function Disclosure({ name, children }: { name: string; children: ReactNode }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-brand-700 underline-offset-2 hover:underline [[data-theme=dark]_&]:text-brand-900">
        Show as table<span className="sr-only">: {name}</span>
      </summary>
      <div className="mt-2 overflow-x-auto">{children}</div>
    </details>
  );
}
