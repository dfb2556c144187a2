/**
 * Small text pictures for matcher messages: two histograms side by side, the place where two
 * distribution functions differ most, and a table of categories. Plain text, aligned, readable without
 * colour, at most 12 rows, so a failure explains itself in a terminal or a CI log.
 *
 * These helpers only draw and locate; the statistics (tests, p-values, distances) come from the engine.
 */
import { formatNumber } from './context'

/** At most this many bins in a picture (plus one header row: 11 rows). */
export const MAX_PICTURE_BINS = 10

/** Width of a full bar, in characters. */
const BAR_WIDTH = 16
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']

/**
 * `bins` equal-width bins spanning [lo, hi]: the edges e_0 < … < e_bins. The first and last bins are
 * open-ended (below e_1, at or above e_{bins-1}), so every value falls in a bin.
 */
export function binEdges(lo: number, hi: number, bins: number): Float64Array {
  const k = Math.max(1, Math.floor(bins))
  const edges = new Float64Array(k + 1)
  if (!(hi > lo)) {
    // All values equal: one narrow bin around them, the others empty.
    const w = lo === 0 ? 1 : Math.abs(lo) * 0.01
    lo -= (w * k) / 2
    hi += (w * k) / 2
  }
  for (let i = 0; i <= k; i++) edges[i] = lo + ((hi - lo) * i) / k
  return edges
}

/** Index of the bin of `x` under {@link binEdges}' convention (open-ended first and last bins). */
function binOf(x: number, edges: ArrayLike<number>): number {
  const k = edges.length - 1
  let lo = 1
  let hi = k
  // The smallest i in [1, k] with x < edges[i]; k when none (the last bin is open above).
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (x < edges[mid]) hi = mid
    else lo = mid + 1
  }
  return Math.min(lo, k) - 1
}

/** Share of `xs` in each bin of `edges` (open-ended first and last bins). */
export function sampleShares(xs: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const k = edges.length - 1
  const shares = new Float64Array(k)
  for (let i = 0; i < xs.length; i++) shares[binOf(xs[i], edges)]++
  for (let j = 0; j < k; j++) shares[j] /= xs.length
  return shares
}

/**
 * Expected share of each bin under a distribution given by its CDF: P(X < e_1), P(e_i <= X < e_{i+1}),
 * P(X >= e_{k-1}) (the CDF taken as continuous, so < and <= coincide).
 */
export function cdfShares(cdf: (x: number) => number, edges: ArrayLike<number>): Float64Array {
  const k = edges.length - 1
  const shares = new Float64Array(k)
  let previous = 0
  for (let j = 0; j < k; j++) {
    const next = j === k - 1 ? 1 : cdf(edges[j + 1])
    shares[j] = Math.max(0, next - previous)
    previous = next
  }
  return shares
}

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

/** Where two distribution functions differ most. */
export interface LargestGap {
  /** The point x where |F_received − F_reference| is largest. */
  x: number
  /** F_received at x (the limit from the left when the gap is largest just below x). */
  received: number
  /** F_reference at x (same side). */
  reference: number
  /** True when the gap is the limit just below x (the ECDF jumps at x). */
  justBelow: boolean
}

/**
 * The point where the ECDFs of two sorted samples differ most, and their values there (each ECDF taken
 * as right-continuous: F(x) = share of values <= x).
 */
export function largestGapTwoSamples(a: ArrayLike<number>, b: ArrayLike<number>): LargestGap {
  const n = a.length
  const m = b.length
  let i = 0
  let j = 0
  let best: LargestGap = { x: Math.min(a[0], b[0]), received: 0, reference: 0, justBelow: false }
  let bestGap = -1
  while (i < n || j < m) {
    const x = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j]
    while (i < n && a[i] <= x) i++
    while (j < m && b[j] <= x) j++
    const fa = i / n
    const fb = j / m
    const gap = Math.abs(fa - fb)
    if (gap > bestGap + 1e-15) {
      bestGap = gap
      best = { x, received: fa, reference: fb, justBelow: false }
    }
  }
  return best
}

/**
 * The point where the ECDF of a sorted sample differs most from a continuous CDF, checking both sides
 * of each jump, and the two values there.
 */
export function largestGapVsCdf(sorted: ArrayLike<number>, cdf: (x: number) => number): LargestGap {
  const n = sorted.length
  let best: LargestGap = { x: sorted[0], received: 0, reference: cdf(sorted[0]), justBelow: true }
  let bestGap = -1
  for (let i = 0; i < n; i++) {
    const x = sorted[i]
    if (i + 1 < n && sorted[i + 1] === x) continue
    const f = cdf(x)
    // First index of x among ties: the ECDF just below x.
    let first = i
    while (first > 0 && sorted[first - 1] === x) first--
    const below = first / n
    const above = (i + 1) / n
    if (Math.abs(f - below) > bestGap + 1e-15) {
      bestGap = Math.abs(f - below)
      best = { x, received: below, reference: f, justBelow: true }
    }
    if (Math.abs(above - f) > bestGap + 1e-15) {
      bestGap = Math.abs(above - f)
      best = { x, received: above, reference: f, justBelow: false }
    }
  }
  return best
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
