/**
 * Compact plain-text tables for the messages of the model-quality matchers: a confusion matrix
 * (rows: actual, columns: predicted) and a per-group table. No colours: the verdict adds those.
 */
import { formatNumber } from './context'

/** A label as the model-quality matchers accept it. */
export type Label = string | number | boolean

/** Shows a label as it would be written in code: strings quoted, numbers and booleans bare. */
export function showLabel(label: Label): string {
  return typeof label === 'string' ? JSON.stringify(label) : String(label)
}

/**
 * Lays out rows of cells as aligned columns: the first column left-aligned, the others right-aligned,
 * two spaces between columns, every line indented by `indent`.
 */
export function formatColumns(rows: string[][], indent = '  '): string {
  const widths: number[] = []
  for (const row of rows)
    for (let j = 0; j < row.length; j++) widths[j] = Math.max(widths[j] ?? 0, row[j].length)
  return rows
    .map(
      (row) =>
        indent +
        row
          .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
          .join('  ')
          .trimEnd(),
    )
    .join('\n')
}

/**
 * A confusion matrix as text: one row per actual label, one column per predicted label, with row
 * totals; at most `maxLabels` labels are shown (the rest are summed into "…").
 *
 * @example
 * formatConfusionMatrix([0, 1], [[50, 3], [7, 40]])
 * // Confusion matrix (rows: actual, columns: predicted)
 * //   actual \ predicted   0   1  total
 * //   0                   50   3     53
 * //   1                    7  40     47
 */
export function formatConfusionMatrix(
  labels: readonly Label[],
  matrix: ArrayLike<ArrayLike<number>>,
  maxLabels = 8,
): string {
  const k = labels.length
  const shown = k > maxLabels ? maxLabels - 1 : k
  const names = labels.slice(0, shown).map(showLabel)
  if (shown < k) names.push('…')
  const cell = (i: number, j: number): number => {
    // Sum the tail labels into the last row/column when there are too many to show.
    const is = i < shown ? [i] : range(shown, k)
    const js = j < shown ? [j] : range(shown, k)
    let s = 0
    for (const a of is) for (const b of js) s += matrix[a][b]
    return s
  }
  const size = names.length
  const rows: string[][] = [['actual \\ predicted', ...names, 'total']]
  for (let i = 0; i < size; i++) {
    const counts: number[] = []
    for (let j = 0; j < size; j++) counts.push(cell(i, j))
    rows.push([names[i], ...counts.map(String), String(counts.reduce((a, b) => a + b, 0))])
  }
  return `Confusion matrix (rows: actual, columns: predicted)\n${formatColumns(rows)}`
}

function range(from: number, to: number): number[] {
  const out: number[] = []
  for (let i = from; i < to; i++) out.push(i)
  return out
}

/** One row of a per-group table. */
export interface GroupRow {
  group: Label
  n: number
  estimate: number
  lower: number
  upper: number
  /** Extra text at the end of the row (e.g. the count behind the estimate). */
  note?: string
}

/**
 * A per-group table: group, n, the metric and its interval, one row per group, at most `maxRows`
 * (the rest summarised in one line).
 */
export function formatGroupTable(metric: string, rows: readonly GroupRow[], maxRows = 12): string {
  const head = ['group', 'n', metric, 'interval', '']
  const body = rows
    .slice(0, maxRows)
    .map((r) => [
      showLabel(r.group),
      String(r.n),
      Number.isFinite(r.estimate) ? formatNumber(r.estimate) : '—',
      Number.isFinite(r.estimate) ? `[${formatNumber(r.lower)}, ${formatNumber(r.upper)}]` : '(undefined)',
      r.note ?? '',
    ])
  let text = `Per group\n${formatColumns([head, ...body])}`
  if (rows.length > maxRows) text += `\n  … and ${rows.length - maxRows} more groups`
  return text
}
