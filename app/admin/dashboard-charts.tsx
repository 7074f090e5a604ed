"use client";

import { useSyncExternalStore } from "react";
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { useMessages } from "../components/i18n";

/**
 * The dashboard's bar charts (recharts, bundled with the app: nothing is fetched from elsewhere).
 * The server part (dashboard.tsx) renders the headings, legend and the table with the same numbers;
 * these draw the bars only. Each chart is an image named by its title and totals; keyboard users
 * can focus it and move through the bars with the arrow keys (recharts' accessibility layer).
 *
 * Colours are CSS variables set by the dashboard for the light and the dark theme (3:1 or better
 * against the card in both); text uses the slate scale, which the dark theme remaps.
 */

export type ChartColor = 1 | 2 | 3 | 4;
export interface ChartSeries {
  key: string;
  name: string;
  color: ChartColor;
}
/** One bucket: `tick` under the axis, `when` in the tooltip, then a number per series key. */
export type ChartRow = { tick: string; when: string } & Record<string, string | number>;

const fill = (color: ChartColor) => `var(--chart-${color})`;
const TEXT = "var(--color-slate-600)";
const GRID = "var(--color-slate-200)";
const AXIS_TICK = { fill: TEXT, fontSize: 12 };

/**
 * The charts are drawn in the browser only: recharts sizes its elements with inline styles, which the
 * CSP (style-src with a nonce) refuses in server-rendered HTML but allows when set from script.
 */
const noSubscription = () => () => {};
const useInBrowser = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

/** Holds the chart's place until it is drawn (the time charts' exact height), so the page barely moves. */
const Placeholder = () => <div className="h-56" aria-hidden="true" />;

function TooltipBox({ active, payload, separator }: TooltipContentProps & { separator: string }) {
  if (!active || !payload?.length) return null;
  const row = payload[0]!.payload as ChartRow;
  return (
    <div className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow">
      <p className="font-medium">{row.when}</p>
      <ul>
        {payload.map((p) => (
          <li key={String(p.dataKey)}>
            {p.name}
            {separator}
            <span className="font-medium tabular-nums">{p.value}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Bars per hour or day; stacked when the series are parts of one whole (browser and app sign-ins). */
export function TimeChart({
  label,
  rows,
  series,
  stacked = false,
}: {
  label: string;
  rows: ChartRow[];
  series: ChartSeries[];
  stacked?: boolean;
}) {
  const inBrowser = useInBrowser();
  const separator = useMessages().admin.dashboard.tooltipSeparator;
  if (!inBrowser) return <Placeholder />;
  return (
    <BarChart
      responsive
      style={{ width: "100%", height: 224 }}
      data={rows}
      margin={{ top: 8, right: 16, bottom: 0, left: -16 }}
      role="img"
      aria-label={label}
    >
      <CartesianGrid vertical={false} stroke={GRID} />
      <XAxis dataKey="tick" tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: TEXT }} minTickGap={12} />
      <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} />
      <Tooltip
        content={(props) => <TooltipBox {...props} separator={separator} />}
        cursor={{ fill: GRID, fillOpacity: 0.5 }}
        isAnimationActive={false}
      />
      {series.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.name}
          fill={fill(s.color)}
          // a gap in the card's colour between stacked parts, so they are told apart by more than hue
          stroke="var(--chart-gap)"
          strokeWidth={stacked ? 1 : 0}
          stackId={stacked ? "total" : undefined}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

/** Horizontal bars, one per reason, the reason's words above its bar (they are too long for an axis). */
export function ReasonChart({ label, rows }: { label: string; rows: { reason: string; count: number }[] }) {
  const inBrowser = useInBrowser();
  const t = useMessages().admin.dashboard;
  const height = Math.max(120, rows.length * 44 + 16);
  if (!inBrowser) return <Placeholder />;
  return (
    <BarChart
      responsive
      layout="vertical"
      style={{ width: "100%", height }}
      data={rows}
      margin={{ top: 16, right: 40, bottom: 0, left: 0 }}
      barCategoryGap={18}
      role="img"
      aria-label={label}
    >
      <XAxis type="number" allowDecimals={false} hide />
      <YAxis type="category" dataKey="reason" hide />
      <Tooltip
        content={(props) => <ReasonTooltip {...props} separator={t.tooltipSeparator} />}
        cursor={{ fill: GRID, fillOpacity: 0.5 }}
        isAnimationActive={false}
      />
      <Bar dataKey="count" name={t.reasons.sessionsColumn} fill={fill(1)} minPointSize={2} maxBarSize={24} isAnimationActive={false}>
        <LabelList
          dataKey="reason"
          content={({ x, y, value }) => (
            <text x={Number(x)} y={Number(y) - 5} fill={TEXT} fontSize={12}>
              {String(value)}
            </text>
          )}
        />
        <LabelList dataKey="count" position="right" fill={TEXT} fontSize={12} />
      </Bar>
    </BarChart>
  );
}

function ReasonTooltip({ active, payload, separator }: TooltipContentProps & { separator: string }) {
  if (!active || !payload?.length) return null;
  const row = payload[0]!.payload as { reason: string; count: number };
  return (
    <div className="max-w-xs rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow">
      {row.reason}
      {separator}
      <span className="font-medium tabular-nums">{row.count}</span>
    </div>
  );
}
