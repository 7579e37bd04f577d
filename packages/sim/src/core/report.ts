import type { ChartSpec } from './charts.js';
import { renderChart } from './charts.js';
import type { Scenario } from './schema.js';
import type { Verdict } from './verdict.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A single self-contained HTML report: verdict, charts (inline SVG) and the scenario. */
export function renderReport(
  scenario: Scenario,
  verdict: Verdict,
  charts: ChartSpec[],
  meta: { runs: number; seed: number; wallMs?: number },
): string {
  const color =
    verdict.rating === 'resilient'
      ? '#2ca02c'
      : verdict.rating === 'stressed'
        ? '#ff7f0e'
        : '#d62728';
  const [headline, ...rest] = verdict.lines;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gridlight sim — ${esc(scenario.name)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1500px;margin:24px auto;padding:0 16px;color:#222}
.verdict{border-left:6px solid ${color};padding:8px 16px;background:#fafafa}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(720px,1fr));gap:12px}
pre{background:#f5f5f5;padding:12px;overflow:auto;font-size:12px}h1{margin-bottom:4px}.meta{color:#666}</style></head>
<body><h1>${esc(scenario.name)}</h1><p class="meta">${esc(scenario.description)}<br>${meta.runs} runs · seed ${meta.seed} · ${scenario.horizonDays} days in steps of ${scenario.stepDays} · policy <b>${esc(scenario.supply.policy.kind)}</b>${meta.wallMs === undefined ? '' : ` · ${(meta.wallMs / 1000).toFixed(1)} s`}</p>
<div class="verdict"><h2 style="color:${color}">${esc(headline ?? '')}</h2><ul>${rest.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></div>
<div class="grid">${charts.map((c) => `<figure id="${c.id}">${renderChart(c)}</figure>`).join('\n')}</div>
<h2>Scenario</h2><pre>${esc(JSON.stringify(scenario, null, 2))}</pre>
</body></html>
`;
}
