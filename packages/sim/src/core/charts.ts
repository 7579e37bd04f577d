import type { Aggregate } from './aggregate.js';
import type { Band } from './stats.js';

/**
 * Hand-written SVG charts (no dependency): a line per median with an optional p5–p95 band.
 * Strings only, so the browser dashboard can use the same code.
 */

export type ChartSeries = { name: string; color: string; band: Band; showBand?: boolean };
export type ChartSpec = {
  id: string;
  title: string;
  yLabel: string;
  series: ChartSeries[];
  stepDays: number;
  log?: boolean;
};

const W = 720;
const H = 360;
const M = { left: 72, right: 20, top: 40, bottom: 48 };

function niceStep(range: number, target: number): number {
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const n = raw / mag;
  return (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
}

function fmt(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toFixed(a >= 1e10 ? 0 : 2)}B`;
  if (a >= 1e6) return `${(x / 1e6).toFixed(a >= 1e7 ? 0 : 2)}M`;
  if (a >= 1e3) return `${(x / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  if (a === 0) return '0';
  if (a < 0.01) return x.toExponential(1);
  return String(Number(x.toPrecision(3)));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Renders one chart to a standalone SVG string. */
export function renderChart(spec: ChartSpec): string {
  const steps = spec.series[0]?.band.p50.length ?? 0;
  const stride = Math.max(1, Math.ceil(steps / 400));
  const idx: number[] = [];
  for (let t = 0; t < steps; t += stride) idx.push(t);
  if (steps > 0 && idx[idx.length - 1] !== steps - 1) idx.push(steps - 1);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of spec.series) {
    for (const t of idx) {
      for (const v of s.showBand === false
        ? [s.band.p50[t]]
        : [s.band.p5[t], s.band.p50[t], s.band.p95[t]]) {
        if (v !== undefined && Number.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
  }
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (lo > 0 && lo < hi * 0.5) lo = 0;
  if (hi === lo) {
    hi = lo + (Math.abs(lo) || 1) * 0.1;
    lo -= (Math.abs(lo) || 1) * 0.1;
  }
  const yStep = niceStep(hi - lo, 5);
  lo = Math.floor(lo / yStep) * yStep;
  hi = Math.ceil(hi / yStep) * yStep;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const days = Math.max(1, (steps - 1) * spec.stepDays);
  const x = (t: number) => M.left + ((t * spec.stepDays) / days) * pw;
  const y = (v: number) => M.top + ph - ((v - lo) / (hi - lo)) * ph;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="24" font-size="15" font-weight="bold" fill="#222">${esc(spec.title)}</text>`,
  );
  for (let v = lo; v <= hi + yStep / 2; v += yStep) {
    const yy = y(v).toFixed(1);
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="${Math.abs(v) < yStep / 2 ? '#888' : '#e5e5e5'}"/>`,
      `<text x="${M.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle" fill="#555">${fmt(v)}</text>`,
    );
  }
  const xStep = niceStep(days, 8);
  for (let d = 0; d <= days; d += xStep) {
    const xx = (M.left + (d / days) * pw).toFixed(1);
    parts.push(
      `<line x1="${xx}" x2="${xx}" y1="${M.top + ph}" y2="${M.top + ph + 4}" stroke="#888"/>`,
      `<text x="${xx}" y="${M.top + ph + 18}" text-anchor="middle" fill="#555">${fmt(d)}</text>`,
    );
  }
  parts.push(
    `<text x="${M.left + pw / 2}" y="${H - 8}" text-anchor="middle" fill="#333">day</text>`,
    `<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#333">${esc(spec.yLabel)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`,
  );
  const pts = (arr: Float64Array, order: number[]) =>
    order
      .filter((t) => Number.isFinite(arr[t] ?? Number.NaN))
      .map((t) => `${x(t).toFixed(1)},${y(arr[t] ?? 0).toFixed(1)}`)
      .join(' ');
  spec.series.forEach((s, i) => {
    if (s.showBand !== false) {
      const poly = `${pts(s.band.p95, idx)} ${pts(s.band.p5, [...idx].reverse())}`;
      parts.push(`<polygon points="${poly}" fill="${s.color}" fill-opacity="0.18" stroke="none"/>`);
    }
    parts.push(
      `<polyline points="${pts(s.band.p50, idx)}" fill="none" stroke="${s.color}" stroke-width="2"/>`,
    );
    const lx = W - M.right - 160;
    const ly = M.top + 14 + i * 16;
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="3"/>`,
      `<text x="${lx + 24}" y="${ly}" dominant-baseline="middle" fill="#333">${esc(s.name)}${s.showBand === false ? '' : ' (p50, p5–p95)'}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The standard chart set of a run: supply, mint vs burn, price, nodes, node margin, staked share. */
export function standardCharts(agg: Aggregate): ChartSpec[] {
  const b = agg.bands;
  const d = agg.stepDays;
  return [
    {
      id: 'supply',
      title: 'GLT supply',
      yLabel: 'GLT',
      stepDays: d,
      series: [{ name: 'supply', color: '#1f77b4', band: b.supply }],
    },
    {
      id: 'mint-burn',
      title: 'Minted vs burned per step',
      yLabel: 'GLT per step',
      stepDays: d,
      series: [
        { name: 'minted', color: '#2ca02c', band: b.minted },
        { name: 'burned', color: '#d62728', band: b.burned },
      ],
    },
    {
      id: 'price',
      title: 'GLT price',
      yLabel: 'USD',
      stepDays: d,
      series: [
        { name: 'price', color: '#9467bd', band: b.price },
        {
          name: 'BME equilibrium P*',
          color: '#ff7f0e',
          band: b.bmeEquilibriumPrice,
          showBand: false,
        },
      ],
    },
    {
      id: 'nodes',
      title: 'Active nodes',
      yLabel: 'nodes',
      stepDays: d,
      series: [{ name: 'nodes', color: '#17becf', band: b.nodeCount }],
    },
    {
      id: 'node-margin',
      title: 'Node margin (revenue − power − depreciation)',
      yLabel: 'USD per node per day',
      stepDays: d,
      series: [{ name: 'margin', color: '#8c564b', band: b.nodeMarginUsd }],
    },
    {
      id: 'staked-share',
      title: 'Staked share of supply',
      yLabel: 'share',
      stepDays: d,
      series: [{ name: 'staked', color: '#e377c2', band: b.stakedShare }],
    },
  ];
}
