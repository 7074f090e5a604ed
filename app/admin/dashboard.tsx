import Link from "next/link";
import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/auth/admin";
import { loadDashboard, type Dashboard, type DashboardBucket, type DashboardRange } from "@/lib/auth/dashboard";
import type { Lang, Messages } from "@/lib/i18n";
import { getLang, getMessages } from "@/lib/i18n/server";
import { buttonClass } from "../components/button";
import { ReasonChart, TimeChart, type ChartColor, type ChartRow } from "./dashboard-charts";

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

type DashboardMessages = Messages["admin"]["dashboard"];
type SeriesKey = Exclude<keyof DashboardBucket, "start">;
type ChartId = keyof DashboardMessages["charts"];
interface TimeChartSpec {
  id: ChartId;
  series: { key: SeriesKey; color: ChartColor }[];
  stacked?: boolean;
}

/** The time charts; their titles, notes (what is counted) and series names are in the admin texts. */
const TIME_CHARTS: TimeChartSpec[] = [
  {
    id: "sign-ins",
    stacked: true,
    series: [
      { key: "browserSignIns", color: 1 },
      { key: "appSignIns", color: 2 },
    ],
  },
  {
    id: "failed",
    series: [
      { key: "failedSignIns", color: 1 },
      { key: "throttledSignIns", color: 2 },
    ],
  },
  { id: "ended", series: [{ key: "sessionsEnded", color: 1 }] },
  {
    id: "threats",
    series: [
      { key: "tokenReuse", color: 3 },
      { key: "suspicious", color: 4 },
    ],
  },
];

/** Day and time in UTC as each language writes them; English keeps the day before the month ("Wed 2 Dec"). */
const DATE_LOCALES: Record<Lang, string> = { en: "en-GB", ja: "ja" };
const utc = (lang: Lang, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(DATE_LOCALES[lang], { timeZone: "UTC", ...options });
const DATE_FORMATS = new Map<Lang, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
function dateFormats(lang: Lang) {
  let formats = DATE_FORMATS.get(lang);
  if (!formats) {
    formats = {
      day: utc(lang, { weekday: "short", day: "numeric", month: "short" }),
      time: utc(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
    };
    DATE_FORMATS.set(lang, formats);
  }
  return formats;
}

/** An hour's bucket in the tooltip and the table: "Wed 2 Dec, 10:00–11:00", "12月2日(水) 10:00–11:00". */
const HOUR_SPAN: Record<Lang, (day: string, from: string, to: string) => string> = {
  en: (day, from, to) => `${day}, ${from}–${to}`,
  ja: (day, from, to) => `${day} ${from}–${to}`,
};

/** Axis and tooltip words for a bucket, formatted here so the browser draws exactly what the table says. */
function bucketWords(lang: Lang, range: DashboardRange, start: number, bucketMs: number) {
  const { day, time } = dateFormats(lang);
  if (range === "7d") return { tick: day.format(start), when: day.format(start) };
  const tick = time.format(start);
  return { tick, when: HOUR_SPAN[lang](day.format(start), tick, time.format(start + bucketMs)) };
}

const sum = (buckets: DashboardBucket[], key: SeriesKey) => buckets.reduce((n, b) => n + b[key], 0);

/** Only for an elevated admin: it checks again itself, so it cannot be placed where the page's check is not. */
export async function AdminDashboard({ range, q }: { range: DashboardRange; q: string }) {
  const { elevated } = await requireAdmin();
  if (!elevated) return null;
  const lang = await getLang();
  const t = (await getMessages()).admin.dashboard;
  const data = await loadDashboard(range, { lang });
  const words = t.ranges[range];
  const { day, time } = dateFormats(lang);
  const rows: ChartRow[] = data.buckets.map((b) => ({ ...b, ...bucketWords(lang, range, b.start, data.bucketMs) }));
  return (
    <section aria-labelledby="dashboard-heading" className={`space-y-5 ${PALETTE}`} data-testid="admin-dashboard">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="dashboard-heading" className="text-lg font-semibold">
            {t.heading(words.words)}
          </h2>
          <p className="text-sm text-slate-600">{t.asOf(words.unit, `${day.format(data.now)} ${time.format(data.now)}`)}</p>
        </div>
        <RangeSwitch t={t} range={range} q={q} />
      </div>
      <ActiveSessions t={t} active={data.active} />
      <div className="grid gap-4 md:grid-cols-2">
        {TIME_CHARTS.map((spec) => (
          <TimeChartCard key={spec.id} t={t} spec={spec} data={data} rows={rows} />
        ))}
        <ReasonsCard t={t} data={data} />
      </div>
    </section>
  );
}

/** Two links (?range=), not buttons: they work without script, and the view can be bookmarked. */
function RangeSwitch({ t, range, q }: { t: DashboardMessages; range: DashboardRange; q: string }) {
  return (
    <div role="group" aria-label={t.rangeGroup} className="flex gap-2">
      {(Object.keys(t.ranges) as DashboardRange[]).map((r) => {
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
            {t.ranges[r].label}
          </Link>
        );
      })}
    </div>
  );
}

function ActiveSessions({ t, active }: { t: DashboardMessages; active: Dashboard["active"] }) {
  const tiles = [
    { label: t.activeBrowser, value: active.browser, id: "active-browser" },
    { label: t.activeApp, value: active.mobile, id: "active-app" },
  ];
  return (
    <div className="space-y-2">
      <dl className="grid max-w-md grid-cols-2 gap-4">
        {tiles.map((tile) => (
          <div key={tile.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">{tile.label}</dt>
            <dd className="text-2xl font-semibold tabular-nums" data-testid={tile.id}>
              {tile.value}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-600">{t.activeNote}</p>
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

function TimeChartCard({ t, spec, data, rows }: { t: DashboardMessages; spec: TimeChartSpec; data: Dashboard; rows: ChartRow[] }) {
  const words = t.ranges[data.range];
  const { title, note } = t.charts[spec.id];
  const series = spec.series.map((s) => ({ ...s, name: t.series[s.key] }));
  const totals = series.map((s) => ({ ...s, total: sum(data.buckets, s.key) }));
  const total = totals.reduce((n, s) => n + s.total, 0);
  const caption = t.caption(title, words.unit, words.words);
  return (
    <Card id={spec.id} title={title} note={note}>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={t.totals}>
        {totals.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span className={`inline-block size-3 rounded-sm ${SWATCH[s.color]}`} aria-hidden="true" />
            {s.name} <span className="font-medium tabular-nums">{s.total}</span>
          </li>
        ))}
      </ul>
      <TimeChart label={t.chartLabel(caption, total, totals)} rows={rows} series={series} stacked={spec.stacked} />
      <Disclosure t={t} name={title}>
        <table className="w-full text-left text-sm tabular-nums" data-chart={spec.id}>
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-1 pr-2 font-medium">
                {data.range === "7d" ? t.dayColumn : t.hourColumn}
              </th>
              {series.map((s) => (
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
                {t.total}
              </th>
              {totals.map((s) => (
                <td key={s.key} className="px-2 py-1 text-right font-medium">
                  {s.total}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </Disclosure>
    </Card>
  );
}

function ReasonsCard({ t, data }: { t: DashboardMessages; data: Dashboard }) {
  const { words } = t.ranges[data.range];
  const rows = data.endedByReason.map((r) => ({ reason: r.label, count: r.count }));
  const caption = t.reasons.caption(words);
  return (
    <div className="md:col-span-2">
      <Card id="reasons" title={t.reasons.title} note={t.reasons.note(words)}>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">{t.reasons.none(words)}</p>
        ) : (
          <>
            <ReasonChart
              label={t.reasons.chartLabel(caption, rows.map((r) => t.reasons.reasonCount(r.reason, r.count)).join(t.reasons.listSeparator))}
              rows={rows}
            />
            <Disclosure t={t} name={t.reasons.title}>
              <table className="w-full text-left text-sm" data-chart="reasons">
                <caption className="sr-only">{caption}</caption>
                <thead>
                  <tr className="border-b border-slate-200">
                    <th scope="col" className="py-1 pr-2 font-medium">
                      {t.reasons.reasonColumn}
                    </th>
                    <th scope="col" className="px-2 py-1 text-right font-medium">
                      {t.reasons.sessionsColumn}
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
function Disclosure({ t, name, children }: { t: DashboardMessages; name: string; children: ReactNode }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-brand-700 underline-offset-2 hover:underline [[data-theme=dark]_&]:text-brand-900">
        {t.showAsTable}
        <span className="sr-only">{t.tableOf(name)}</span>
      </summary>
      <div className="mt-2 overflow-x-auto">{children}</div>
    </details>
  );
}
