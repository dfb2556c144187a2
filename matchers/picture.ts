/**
 * Small text pictures for matcher messages: two histograms side by side, the place where two
 * distribution functions differ most, and a table of categories. Plain text, aligned, readable without
 * colour, at most 12 rows, so a failure explains itself in a terminal or a CI log.
 *
 * These helpers only draw; the numbers they draw (bin edges and shares, the largest ECDF gap, tests,
 * p-values, distances) come from the engine (src/histogram.ts and the rest).
 */
import type { LargestGap } from '../src/histogram'
import { formatNumber } from './context'

export {
  binEdges,
  cdfShares,
  type LargestGap,
  largestGapTwoSamples,
  largestGapVsCdf,
  sampleShares,
} from '../src/histogram'

/** At most this many bins in a picture (plus one header row: 11 rows). */
export const MAX_PICTURE_BINS = 10

/** Width of a full bar, in characters. */
const BAR_WIDTH = 16
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']

function bar(share: number, max: number): string {
  if (!(max > 0) || !(share > 0)) return ''
  const eighths = Math.max(1, Math.round((share / max) * BAR_WIDTH * 8))
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]
}

function percent(share: number): string {
  if (share === 0) return '0%'
  const p = 100 * share
  if (p < 0.1) return '<0.1%'
  return `${p.toFixed(1)}%`
}

/** A column of a {@link sideBySideHistograms} picture. */
export interface HistogramColumn {
  /** The column's title, e.g. "received (n = 500)". */
  title: string
  /** The share of each bin (summing to 1). */
  shares: ArrayLike<number>
}

/**
 * Two histograms side by side over the same bins: one row per bin with its range, a bar and the share
 * for each column. Bars share one scale, so their lengths compare across columns. `edges` come from
 * {@link binEdges}; at most {@link MAX_PICTURE_BINS} bins.
 *
 * @example
 * const edges = binEdges(-3, 3, 8)
 * sideBySideHistograms(edges, { title: 'received', shares: sampleShares(xs, edges) },
 *   { title: 'reference', shares: cdfShares(normalCdf, edges) })
 */
export function sideBySideHistograms(
  edges: ArrayLike<number>,
  left: HistogramColumn,
  right: HistogramColumn,
  digits = 3,
): string {
  const k = edges.length - 1
  const f = (x: number) => formatNumber(x, digits)
  const labels: string[] = []
  for (let j = 0; j < k; j++) {
    if (k === 1) labels.push('all')
    else if (j === 0) labels.push(`< ${f(edges[1])}`)
    else if (j === k - 1) labels.push(`>= ${f(edges[k - 1])}`)
    else labels.push(`[${f(edges[j])}, ${f(edges[j + 1])})`)
  }
  let max = 0
  for (let j = 0; j < k; j++) max = Math.max(max, left.shares[j], right.shares[j])
  const labelWidth = Math.max(...labels.map((l) => l.length))
  const column = (share: number) => `${bar(share, max).padEnd(BAR_WIDTH)} ${percent(share).padStart(6)}`
  const columnWidth = BAR_WIDTH + 7
  const rows = [`${''.padEnd(labelWidth)}   ${left.title.padEnd(columnWidth)}   ${right.title}`.trimEnd()]
  for (let j = 0; j < k; j++)
    rows.push(
      `${labels[j].padEnd(labelWidth)}   ${column(left.shares[j])}   ${column(right.shares[j])}`.trimEnd(),
    )
  return rows.join('\n')
}

/** One sentence on a {@link LargestGap}, e.g. "at x = 0.53: received 71% <= x, reference 62%". */
export function describeGap(gap: LargestGap, referenceWord = 'reference'): string {
  const rel = gap.justBelow ? '<' : '<='
  const x = formatNumber(gap.x, 4)
  const r = formatNumber(100 * gap.received, 3)
  const e = formatNumber(100 * gap.reference, 3)
  return `at x = ${x}: ${r}% of received ${rel} ${x}, ${e}% of ${referenceWord} (gap ${formatNumber(Math.abs(gap.received - gap.reference), 3)})`
}

/** One row of a {@link categoryTable}. */
export interface CategoryRow {
  category: string
  observed: number
  /** The reference sample's count, when the reference is a sample (a homogeneity test). */
  reference?: number
  /** Expected count under the claim (may be fractional). */
  expected: number
  /** This category's term of the chi-square statistic, (observed − expected)² / expected. */
  contribution: number
}

/**
 * A table of categories: observed counts, the reference's counts when it is a sample, expected counts
 * (with shares) and each category's contribution to the chi-square statistic. Sorted by contribution, largest first; beyond `maxRows` the rest are
 * summed into one line.
 */
export function categoryTable(rows: readonly CategoryRow[], maxRows = 10): string {
  const totalObserved = rows.reduce((s, r) => s + r.observed, 0)
  const totalExpected = rows.reduce((s, r) => s + r.expected, 0)
  const sorted = [...rows].sort((p, q) => q.contribution - p.contribution)
  const shown = sorted.length > maxRows ? sorted.slice(0, maxRows - 1) : sorted
  const rest = sorted.slice(shown.length)
  const share = (c: number, t: number) => (t > 0 ? ` (${percent(c / t)})` : '')
  const withReference = rows.some((r) => r.reference !== undefined)
  const totalReference = rows.reduce((s, r) => s + (r.reference ?? 0), 0)
  const sum = (list: readonly CategoryRow[], f: (r: CategoryRow) => number) =>
    list.reduce((s, r) => s + f(r), 0)
  const cells: string[][] = [
    withReference
      ? ['category', 'observed', 'reference', 'expected', 'contribution']
      : ['category', 'observed', 'expected', 'contribution'],
  ]
  for (const r of shown)
    cells.push([
      r.category,
      `${formatNumber(r.observed, 6)}${share(r.observed, totalObserved)}`,
      ...(withReference
        ? [`${formatNumber(r.reference ?? 0, 6)}${share(r.reference ?? 0, totalReference)}`]
        : []),
      `${formatNumber(r.expected, 4)}${share(r.expected, totalExpected)}`,
      formatNumber(r.contribution, 4),
    ])
  if (rest.length)
    cells.push([
      `… ${rest.length} more`,
      formatNumber(
        sum(rest, (r) => r.observed),
        6,
      ),
      ...(withReference
        ? [
            formatNumber(
              sum(rest, (r) => r.reference ?? 0),
              6,
            ),
          ]
        : []),
      formatNumber(
        sum(rest, (r) => r.expected),
        4,
      ),
      formatNumber(
        sum(rest, (r) => r.contribution),
        4,
      ),
    ])
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)))
  return cells
    .map((row) =>
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join('   ')
        .trimEnd(),
    )
    .join('\n')
}
