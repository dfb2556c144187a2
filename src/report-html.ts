/**
 * The suite report as one static HTML file: no server, nothing downloaded at view time. Each
 * assertion's interval is drawn against its claim and tolerance (inline SVG), distribution checks whose
 * record carries `extra.ecdfs` get their two distribution functions, and the table sorts by any column
 * with a few lines of plain JavaScript (without JavaScript it is still a complete, readable table).
 */
import { InvalidInputError } from './errors'
import type { AssertionRecord } from './records'
import {
  budgetText,
  fileOf,
  intervalText,
  isSuiteReport,
  missingShards,
  REPORT_COLUMNS,
  type ReportedAssertion,
  type SuiteReport,
  shortNumber,
  verdictText,
} from './report'

/** The shape of `record.extra.ecdfs` the HTML draws: two step functions as [x, F(x)] pairs. */
export interface EcdfPair {
  received: Array<[number, number]>
  reference: Array<[number, number]>
}

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

const W = 200
const H = 34

/** The claim, its tolerance and the interval on one number line (SVG), or undefined without an interval claim. */
export function intervalPicture(a: AssertionRecord): string | undefined {
  const t = a.target
  const iv = a.interval
  if (!t || !iv || a.estimate === undefined) return undefined
  const tol = a.tolerance ?? 0
  const finite = [t.lower, t.upper, iv.lower, iv.upper, a.estimate].filter(Number.isFinite)
  if (Number.isFinite(t.lower)) finite.push(t.lower - tol)
  if (Number.isFinite(t.upper)) finite.push(t.upper + tol)
  let lo = Math.min(...finite)
  let hi = Math.max(...finite)
  if (!(hi > lo)) {
    lo -= 1
    hi += 1
  }
  const pad = (hi - lo) * 0.08
  lo -= pad
  hi += pad
  const x = (v: number) =>
    v === Number.NEGATIVE_INFINITY ? 0 : v === Number.POSITIVE_INFINITY ? W : ((v - lo) / (hi - lo)) * W
  const f = (v: number) => x(v).toFixed(1)
  const parts: string[] = []
  // The region that violates the claim by at least the tolerance (light red), the claim (green).
  if (Number.isFinite(t.lower))
    parts.push(`<rect class="viol" x="0" y="4" width="${f(t.lower - tol)}" height="16"/>`)
  if (Number.isFinite(t.upper))
    parts.push(
      `<rect class="viol" x="${f(t.upper + tol)}" y="4" width="${(W - x(t.upper + tol)).toFixed(1)}" height="16"/>`,
    )
  parts.push(
    `<rect class="claim" x="${f(t.lower)}" y="4" width="${(x(t.upper) - x(t.lower)).toFixed(1)}" height="16"><title>claim [${shortNumber(t.lower)}, ${shortNumber(t.upper)}], tolerance ${shortNumber(tol)}</title></rect>`,
  )
  // The interval (one-sided bounds at falseFailRate) and the estimate.
  const y = 12
  parts.push(
    `<line class="ci" x1="${f(iv.lower)}" x2="${f(iv.upper)}" y1="${y}" y2="${y}"><title>interval [${shortNumber(iv.lower)}, ${shortNumber(iv.upper)}]</title></line>`,
  )
  for (const end of [iv.lower, iv.upper])
    if (Number.isFinite(end))
      parts.push(`<line class="ci" x1="${f(end)}" x2="${f(end)}" y1="${y - 5}" y2="${y + 5}"/>`)
  parts.push(
    `<circle class="est" cx="${f(a.estimate)}" cy="${y}" r="3"><title>estimate ${shortNumber(a.estimate)}</title></circle>`,
  )
  parts.push(
    `<text x="1" y="${H - 2}">${esc(shortNumber(lo))}</text><text x="${W - 1}" y="${H - 2}" text-anchor="end">${esc(shortNumber(hi))}</text>`,
  )
  return `<svg class="pic" role="img" aria-label="interval ${esc(intervalText(a))} against the claim" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`
}

/** The p-value against the false-fail rate on a log scale (SVG). */
export function pValuePicture(a: AssertionRecord): string | undefined {
  if (a.pValue === undefined) return undefined
  const lo = Math.min(-6, Math.floor(Math.log10(Math.max(a.falseFailRate, 1e-300))) - 1)
  const x = (p: number) => ((Math.log10(Math.max(p, 10 ** lo)) - lo) / -lo) * W
  const p = Math.max(a.pValue, 10 ** lo)
  return `<svg class="pic" role="img" aria-label="p-value ${esc(shortNumber(a.pValue))} against the false-fail rate" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect class="viol" x="0" y="4" width="${x(a.falseFailRate).toFixed(1)}" height="16"><title>p below the false-fail rate ${shortNumber(a.falseFailRate)}: fail</title></rect><rect class="claim" x="${x(a.falseFailRate).toFixed(1)}" y="4" width="${(W - x(a.falseFailRate)).toFixed(1)}" height="16"/><circle class="est" cx="${x(p).toFixed(1)}" cy="12" r="3"><title>p = ${shortNumber(a.pValue)}</title></circle><text x="1" y="${H - 2}">1e${lo}</text><text x="${W - 1}" y="${H - 2}" text-anchor="end">p = 1</text></svg>`
}

function ecdfsOf(a: AssertionRecord): EcdfPair | undefined {
  const e = (a.extra as { ecdfs?: EcdfPair } | undefined)?.ecdfs
  const ok = (s: unknown): s is Array<[number, number]> =>
    Array.isArray(s) &&
    s.length > 0 &&
    s.every((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]))
  return e && ok(e.received) && ok(e.reference) ? e : undefined
}

/** The two distribution functions of a distribution check (SVG), when its record has `extra.ecdfs`. */
export function ecdfPicture(a: AssertionRecord): string | undefined {
  const e = ecdfsOf(a)
  if (!e) return undefined
  const h = 90
  const xs = [...e.received, ...e.reference].map((p) => p[0])
  let lo = Math.min(...xs)
  let hi = Math.max(...xs)
  if (!(hi > lo)) {
    lo -= 1
    hi += 1
  }
  const x = (v: number) => (((v - lo) / (hi - lo)) * (W - 4) + 2).toFixed(1)
  const y = (F: number) => (h - 12 - F * (h - 18)).toFixed(1)
  const steps = (pts: Array<[number, number]>) => {
    const sorted = [...pts].sort((p, q) => p[0] - q[0])
    let d = `M${x(lo)},${y(0)}`
    let prev = 0
    for (const [v, F] of sorted) {
      d += ` L${x(v)},${y(prev)} L${x(v)},${y(F)}`
      prev = F
    }
    return `${d} L${x(hi)},${y(prev)}`
  }
  return `<svg class="pic ecdf" role="img" aria-label="distribution functions: received and reference" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}"><path class="ref" d="${steps(e.reference)}"/><path class="rec" d="${steps(e.received)}"/><text x="1" y="${h - 2}">${esc(shortNumber(lo))}</text><text x="${W - 1}" y="${h - 2}" text-anchor="end">${esc(shortNumber(hi))}</text><text class="rec-t" x="4" y="10">received</text><text class="ref-t" x="64" y="10">reference</text></svg>`
}

function rowClass(a: ReportedAssertion): string {
  if (!a.passed) return 'failed'
  if (a.passedInconclusive || a.weak) return 'weak'
  return 'passed'
}

function cell(text: string, sortValue?: number | string, cls?: string): string {
  const v =
    sortValue === undefined || (typeof sortValue === 'number' && !Number.isFinite(sortValue))
      ? ''
      : ` data-v="${esc(String(sortValue))}"`
  return `<td${v}${cls ? ` class="${cls}"` : ''}>${esc(text)}</td>`
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em}
.summary{margin:.5em 0 1em}.summary b{font-size:1.1em}
.budget{padding:.5em .8em;border-left:4px solid #3a7;background:#f3faf5;margin:.5em 0}
.budget.over{border-color:#c33;background:#fdf1f1}
table{border-collapse:collapse;width:100%;font-size:13px}.wrap{overflow-x:auto}
th,td{padding:3px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}
th{background:#f4f4f4;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td:nth-child(2){min-width:13em}td:nth-child(6){white-space:nowrap}
tr.failed td.verdict{color:#b00;font-weight:600}tr.passed td.verdict{color:#176b2c}
tr.weak td.verdict{color:#9a6200;font-weight:600}
.pic .claim{fill:#cfe9d6}.pic .viol{fill:#f6d3d3}.pic .ci{stroke:#222;stroke-width:2}
.pic .est{fill:#1f5fbf}.pic text{font-size:9px;fill:#666}
.pic path{fill:none;stroke-width:1.5}.pic .rec{stroke:#1f5fbf}.pic .ref{stroke:#d06000;stroke-dasharray:4 2}
.pic .rec-t{fill:#1f5fbf}.pic .ref-t{fill:#d06000}
.legend{color:#555;font-size:12px;margin:.3em 0 1em}
ul.list li{margin:.15em 0}
.claimtext{color:#555;font-size:12px}`

const SCRIPT = `function sortBy(th,asc){
const tb=th.closest('table').tBodies[0],i=th.cellIndex;
for(const o of th.parentNode.children)o.removeAttribute('aria-sort');th.setAttribute('aria-sort',asc?'ascending':'descending');
const key=r=>{const c=r.cells[i],v=c.dataset.v??c.textContent.trim(),n=Number(v);return v!==''&&!Number.isNaN(n)?n:v};
const rows=[...tb.rows].sort((a,b)=>{const x=key(a),y=key(b);const d=typeof x==='number'&&typeof y==='number'?x-y:typeof x==='number'?-1:typeof y==='number'?1:String(x).localeCompare(String(y));return asc?d:-d});
for(const r of rows)tb.appendChild(r)}
const heads=[...document.querySelectorAll('th[data-col]')];
for(const th of heads)th.addEventListener('click',()=>sortBy(th,th.getAttribute('aria-sort')!=='ascending'));
const m=/^#sort=(.+)-(asc|desc)$/.exec(decodeURIComponent(location.hash));
if(m){const th=heads.find(h=>h.textContent===m[1]);if(th)sortBy(th,m[2]==='asc')}`

/** Options of {@link renderReportHtml}. */
export interface HtmlOptions {
  /** Paths are shown relative to it. */
  cwd?: string
  /** The page title (default "probably report"). */
  title?: string
}

/** The report as one static HTML page. */
export function renderReportHtml(report: SuiteReport, options: HtmlOptions = {}): string {
  if (!isSuiteReport(report))
    throw new InvalidInputError('renderReportHtml', 'report', 'must be a probably-report/1 report')
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new InvalidInputError('renderReportHtml', 'options', 'must be an object')
  const title = options.title ?? 'probably report'
  const s = report.summary
  const rows = report.assertions.map((a) => {
    const pictures = [intervalPicture(a) ?? pValuePicture(a), ecdfPicture(a)].filter(Boolean).join('<br>')
    return `<tr class="${rowClass(a)}">${[
      cell(fileOf(a.testPath, options.cwd)),
      `<td>${esc(a.testName ?? '')}<div class="claimtext">${esc(a.claim)}</div></td>`,
      cell(`${a.isNot ? '.not.' : ''}${a.matcher}`),
      cell(a.n !== undefined ? String(a.n) : '', a.n, 'num'),
      cell(shortNumber(a.estimate), a.estimate, 'num'),
      cell(intervalText(a), a.interval?.lower ?? a.pValue),
      cell(verdictText(a), undefined, 'verdict'),
      cell(a.detectableText ?? (a.detectable !== undefined ? shortNumber(a.detectable) : ''), a.detectable),
      cell(a.samplesDrawn !== undefined ? String(a.samplesDrawn) : '', a.samplesDrawn, 'num'),
      cell(
        a.durationMs !== undefined ? shortNumber(Math.round(a.durationMs * 10) / 10) : '',
        a.durationMs,
        'num',
      ),
      cell(shortNumber(a.falseFailRate), a.falseFailRate, 'num'),
      `<td>${pictures}</td>`,
    ].join('')}</tr>`
  })
  const heads = [...REPORT_COLUMNS.map((c) => c.long), 'false-fail rate', 'picture']
  const list = (items: ReportedAssertion[], text: (a: ReportedAssertion) => string) =>
    `<ul class="list">${items.map((a) => `<li>${esc(`${fileOf(a.testPath, options.cwd)} › ${a.testName ?? ''} › ${a.matcher}: ${text(a)}`)}</li>`).join('')}</ul>`
  const inconclusive = report.assertions.filter((a) => a.passedInconclusive)
  const weak = report.assertions.filter((a) => a.weak && !a.passedInconclusive)
  const missing = missingShards(report)
  const sections: string[] = []
  if (inconclusive.length)
    sections.push(
      `<h2>Passed as inconclusive (${inconclusive.length})</h2>${list(inconclusive, (a) => [a.weakness, a.samplesNeeded ? `about ${a.samplesNeeded} samples would decide` : ''].filter(Boolean).join('; '))}`,
    )
  if (weak.length)
    sections.push(
      `<h2>Too weak to catch what their tolerance says matters (${weak.length})</h2>${list(weak, (a) => a.weakness ?? '')}`,
    )
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>
<h1>${esc(title)}</h1>
<div class="summary"><b>${s.assertions}</b> assertions (${s.statistical} statistical, ${s.exact} exact): <b>${s.passed}</b> passed, <b>${s.failed}</b> failed, <b>${s.inconclusive}</b> inconclusive · ${esc(report.runner)} · ${esc(report.createdAt)}${report.shards ? ` · merged from ${report.shards.length} shard${report.shards.length === 1 ? '' : 's'}${missing.length ? ` (MISSING ${missing.join(', ')})` : ''}` : report.shard ? ` · shard ${report.shard.index} of ${report.shard.count}` : ''}</div>
<div class="budget${report.budget.exceeded ? ' over' : ''}">${esc(budgetText(report.budget))}</div>
${sections.join('\n')}
<h2>Every assertion</h2>
<div class="legend">Picture: green, the claim; red, violations of at least the tolerance; black, the interval (one-sided bounds at the false-fail rate); blue dot, the estimate. For tests, the p-value on a log scale (red: below the false-fail rate). Click a column to sort (or open the page with #sort=&lt;column&gt;-asc or -desc).</div>
<div class="wrap"><table id="assertions"><thead><tr>${heads.map((h, i) => (i === heads.length - 1 ? `<th>${h}</th>` : `<th data-col="${i}">${esc(h)}</th>`)).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
<script>${SCRIPT}</script>
</body></html>
`
}
