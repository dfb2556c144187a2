/**
 * Model-quality metrics: the confusion matrix and the scores computed from it (precision, recall, F1,
 * accuracy, balanced accuracy, specificity), ROC-AUC with DeLong's variance, average precision, the Brier
 * score, the expected calibration error, regression errors, and intervals for all of them. Every point
 * estimate equals scikit-learn's on the same input (checked against fixtures generated with
 * scikit-learn 1.2.1, see test/fixtures/metrics.py).
 *
 * Labels may be numbers, strings or booleans (one kind per call). Unless a `labels` list is given, the
 * label order is the sorted union of the labels seen, as in scikit-learn: numbers ascending, strings by
 * code unit, `false` before `true`.
 */
import { binomialCdf, binomialPmf, normalCdf, normalPpf, normalSf } from './distributions'
import {
  checkCount,
  checkFinite,
  checkOneOf,
  checkOpenUnit,
  checkSameLength,
  checkSample,
  checkUnit,
  describeValue,
  InvalidInputError,
  InvalidRangeError,
} from './errors'
import {
  type Interval,
  type IntervalAlternative,
  type IntervalOptions,
  proportionInterval,
} from './intervals'
import { createRng, type Rng, type Seed } from './random'

/** A class label: a number, a string or a boolean (one kind per call). */
export type Label = number | string | boolean

/**
 * A confusion matrix: `matrix[i][j]` counts the examples of actual class `labels[i]` predicted as
 * `labels[j]` (rows = actual, columns = predicted, as scikit-learn's `confusion_matrix`).
 */
export interface ConfusionMatrix<L extends Label = Label> {
  /** The label of each row and column, in order. */
  labels: L[]
  /** The counts: rows = actual, columns = predicted. */
  matrix: number[][]
  /** The number of examples (the sum of all counts). */
  n: number
}

/** Options shared by the functions that read class labels. */
export interface LabelOptions {
  /**
   * The labels and their order. Every label in the input must be in this list (an error otherwise); labels
   * of the list that never occur get zero rows and columns. Default: the sorted union of the labels seen.
   */
  labels?: readonly Label[]
}

// ---------------------------------------------------------------------------------------------------
// Labels

type Kind = 'number' | 'string' | 'boolean'

function labelKind(where: string, argument: string, v: unknown): Kind {
  const t = typeof v
  if (t === 'number') {
    if (!Number.isFinite(v))
      throw new InvalidRangeError(where, argument, `must be a finite number, got ${describeValue(v)}`)
    return 'number'
  }
  if (t === 'string' || t === 'boolean') return t
  throw new InvalidInputError(
    where,
    argument,
    `must be a number, a string or a boolean label, got ${describeValue(v)}`,
  )
}

function checkLabelArray(where: string, argument: string, value: unknown): ArrayLike<Label> {
  if (!(Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))))
    throw new InvalidInputError(where, argument, `must be an array of labels, got ${describeValue(value)}`)
  const xs = value as ArrayLike<Label>
  if (xs.length === 0) throw new InvalidRangeError(where, argument, 'must not be empty')
  return xs
}

function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number') return a - (b as number)
  if (typeof a === 'boolean') return Number(a) - Number(b)
  return a < b ? -1 : a > b ? 1 : 0
}

function checkKind(where: string, argument: string, v: unknown, kind: Kind): void {
  if (typeof v === kind) {
    if (kind === 'number' && !Number.isFinite(v))
      throw new InvalidRangeError(where, argument, `must be a finite number, got ${describeValue(v)}`)
    return
  }
  labelKind(where, argument, v)
  throw new InvalidInputError(
    where,
    argument,
    `is ${describeValue(v)}, a ${typeof v}, but the labels are ${kind}s: labels must all be of one kind`,
  )
}

function checkLabelList(where: string, argument: string, value: unknown): { labels: Label[]; kind: Kind } {
  const xs = checkLabelArray(where, argument, value)
  const kind = labelKind(where, `${argument}[0]`, xs[0])
  const seen = new Set<Label>()
  const labels: Label[] = []
  for (let i = 0; i < xs.length; i++) {
    checkKind(where, `${argument}[${i}]`, xs[i], kind)
    if (seen.has(xs[i]))
      throw new InvalidRangeError(
        where,
        argument,
        `holds ${describeValue(xs[i])} twice: labels must be distinct`,
      )
    seen.add(xs[i])
    labels.push(xs[i])
  }
  return { labels, kind }
}

interface Encoded {
  labels: Label[]
  kind: Kind
  codes: Int32Array[]
}

/** Encodes label arrays as indices into one label list (given, or the sorted union). */
function encodeLabels(
  where: string,
  arrays: [string, unknown][],
  given: readonly Label[] | undefined,
  givenName = 'options.labels',
): Encoded {
  const xs = arrays.map(([name, v]) => checkLabelArray(where, name, v))
  for (let a = 1; a < xs.length; a++) checkSameLength(where, [arrays[0][0], xs[0]], [arrays[a][0], xs[a]])
  const n = xs[0].length
  const codes = xs.map(() => new Int32Array(n))
  if (given !== undefined) {
    const { labels, kind } = checkLabelList(where, givenName, given)
    const index = new Map<Label, number>()
    labels.forEach((l, i) => {
      index.set(l, i)
    })
    xs.forEach((x, a) => {
      const out = codes[a]
      for (let i = 0; i < n; i++) {
        const v = x[i]
        const c = index.get(v)
        if (c === undefined) {
          checkKind(where, `${arrays[a][0]}[${i}]`, v, kind)
          throw new InvalidRangeError(
            where,
            `${arrays[a][0]}[${i}]`,
            `is ${describeValue(v)}, a label not in ${givenName}`,
          )
        }
        out[i] = c
      }
    })
    return { labels, kind, codes }
  }
  const kind = labelKind(where, `${arrays[0][0]}[0]`, xs[0][0])
  const index = new Map<Label, number>()
  const seen: Label[] = []
  xs.forEach((x, a) => {
    const out = codes[a]
    for (let i = 0; i < n; i++) {
      const v = x[i]
      let c = index.get(v)
      if (c === undefined) {
        checkKind(where, `${arrays[a][0]}[${i}]`, v, kind)
        c = seen.length
        index.set(v, c)
        seen.push(v)
      }
      out[i] = c
    }
  })
  const order = seen.map((_, i) => i).sort((i, j) => compareLabels(seen[i], seen[j]))
  const remap = new Int32Array(order.length)
  order.forEach((old, rank) => {
    remap[old] = rank
  })
  for (const out of codes) for (let i = 0; i < n; i++) out[i] = remap[out[i]]
  return { labels: order.map((i) => seen[i]), kind, codes }
}

function sameLabel(a: Label, b: Label): boolean {
  return a === b
}

/**
 * The positive class of a binary metric: `positive` if given, else `true` for boolean labels and `1` for
 * numbers (scikit-learn's `pos_label=1`). String labels need an explicit `positive`.
 */
function defaultPositive(where: string, labels: Label[], kind: Kind, positive: Label | undefined): Label {
  if (positive !== undefined) {
    checkKind(where, 'options.positive', positive, kind)
    return positive
  }
  if (kind === 'boolean') return true
  if (kind === 'number') {
    if (labels.length < 2 || labels.some((l) => l === 1)) return 1
    throw new InvalidRangeError(
      where,
      'options.positive',
      `is required: neither label (${labels.map(describeValue).join(', ')}) is 1`,
    )
  }
  throw new InvalidRangeError(
    where,
    'options.positive',
    `is required with string labels (${labels.map(describeValue).join(', ')})`,
  )
}

// ---------------------------------------------------------------------------------------------------
// Confusion matrix

/**
 * The confusion matrix of `actual` against `predicted` labels, as scikit-learn's `confusion_matrix`:
 * rows are actual classes, columns predicted classes, both in the order of `labels` (default: the sorted
 * union of both arrays). A label outside an explicit `labels` list is an error, as are arrays of different
 * lengths, empty arrays, NaN labels and labels of mixed kinds.
 *
 * @example
 * confusionMatrix(['cat', 'dog', 'dog'], ['cat', 'cat', 'dog'])
 * // { labels: ['cat', 'dog'], matrix: [[1, 0], [1, 1]], n: 3 }
 */
export function confusionMatrix<L extends Label>(
  actual: ArrayLike<L>,
  predicted: ArrayLike<L>,
  options?: LabelOptions,
): ConfusionMatrix<L> {
  options = optionsOf('confusionMatrix', options)
  return matrixFromCodes(
    encodeLabels(
      'confusionMatrix',
      [
        ['actual', actual],
        ['predicted', predicted],
      ],
      options.labels,
    ),
  ) as ConfusionMatrix<L>
}

/** Per-class counts of a confusion matrix, from {@link confusionCounts}; arrays in label order. */
export interface ConfusionCounts<L extends Label = Label> {
  labels: L[]
  /** The number of examples. */
  n: number
  /** Examples of each actual class (its support: the row sums). */
  actual: number[]
  /** Examples predicted as each class (the column sums). */
  predicted: number[]
  /** Examples of each class predicted as that class (the diagonal). */
  truePositives: number[]
  /** Examples predicted as each class that are of another class (column sum less the diagonal). */
  falsePositives: number[]
  /** Examples of each class predicted as another class (row sum less the diagonal). */
  falseNegatives: number[]
}

/**
 * The per-class counts of a confusion matrix, one-vs-rest (scikit-learn's `multilabel_confusion_matrix`
 * read by class): each class's support, predicted count, true positives, false positives and false
 * negatives. The matrix is validated as the scores validate it.
 *
 * @example
 * confusionCounts({ labels: [0, 1], matrix: [[50, 5], [10, 35]], n: 100 })
 * // { labels: [0, 1], n: 100, actual: [55, 45], predicted: [60, 40], truePositives: [50, 35],
 * //   falsePositives: [10, 5], falseNegatives: [5, 10] }
 */
export function confusionCounts<L extends Label>(matrix: ConfusionMatrix<L>): ConfusionCounts<L> {
  const where = 'confusionCounts'
  if (!isMatrixInput(matrix))
    throw new InvalidInputError(where, 'matrix', `must be a confusion matrix, got ${describeValue(matrix)}`)
  const { cm } = checkMatrix(where, matrix)
  const c = classCounts(cm)
  const truePositives = Array.from(c.tp)
  return {
    labels: cm.labels as L[],
    n: c.n,
    actual: Array.from(c.actual),
    predicted: Array.from(c.predicted),
    truePositives,
    falsePositives: Array.from(c.predicted, (x, i) => x - truePositives[i]),
    falseNegatives: Array.from(c.actual, (x, i) => x - truePositives[i]),
  }
}

function matrixFromCodes(e: Encoded): ConfusionMatrix {
  const k = e.labels.length
  const flat = new Float64Array(k * k)
  const [a, p] = e.codes
  for (let i = 0; i < a.length; i++) flat[a[i] * k + p[i]]++
  const matrix: number[][] = []
  for (let i = 0; i < k; i++) matrix.push(Array.from(flat.subarray(i * k, i * k + k)))
  return { labels: e.labels, matrix, n: a.length }
}

function isMatrixInput(v: unknown): v is ConfusionMatrix {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && 'matrix' in v
}

/** Validates a confusion matrix given as input and returns a clean copy with its label kind. */
function checkMatrix(where: string, cm: ConfusionMatrix): { cm: ConfusionMatrix; kind: Kind } {
  const { labels, kind } = checkLabelList(where, 'matrix.labels', cm.labels)
  const k = labels.length
  const m = cm.matrix
  if (!Array.isArray(m) || m.length !== k)
    throw new InvalidRangeError(where, 'matrix.matrix', `must be an array of ${k} rows (one per label)`)
  const matrix: number[][] = []
  let n = 0
  for (let i = 0; i < k; i++) {
    const row = m[i] as unknown
    if (!(Array.isArray(row) || ArrayBuffer.isView(row)) || (row as ArrayLike<number>).length !== k)
      throw new InvalidRangeError(where, `matrix.matrix[${i}]`, `must be an array of ${k} counts`)
    const out: number[] = []
    for (let j = 0; j < k; j++) {
      const c = checkCount(where, `matrix.matrix[${i}][${j}]`, (row as ArrayLike<number>)[j])
      out.push(c)
      n += c
    }
    matrix.push(out)
  }
  if (n === 0) throw new InvalidRangeError(where, 'matrix', 'must count at least one example')
  if (cm.n !== undefined && cm.n !== n)
    throw new InvalidRangeError(where, 'matrix.n', `is ${describeValue(cm.n)} but the counts sum to ${n}`)
  return { cm: { labels, matrix, n }, kind }
}

// ---------------------------------------------------------------------------------------------------
// Classification scores

/** How scores over several classes are combined. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'none'

/** Options of the classification scores (precision, recall, F-scores, specificity). */
export interface ClassificationOptions extends LabelOptions {
  /**
   * `'binary'` (the default with at most two labels, or when `positive` is given): the score of the
   * `positive` class only (one-vs-rest when there are more than two labels; scikit-learn requires
   * `average=None` and `labels=[positive]` for that). `'micro'`:
   * from the counts summed over classes. `'macro'`: the unweighted mean of the per-class scores.
   * `'weighted'`: their mean weighted by each class's number of actual examples (support). `'none'`: the
   * per-class scores, in label order. With more than two labels `average` must be given.
   */
  average?: Average
  /**
   * The positive class for `average: 'binary'`. Default: `true` for boolean labels, `1` for numbers (as
   * scikit-learn's `pos_label=1`); required for string labels.
   */
  positive?: Label
  /**
   * The value of a ratio whose denominator is 0 (precision of a class never predicted, recall of a class
   * absent from `actual` when averaging): 0 (the default, as scikit-learn's) or 1. In binary mode, recall
   * with no actual positive and specificity with no actual negative are errors instead.
   */
  zeroDivision?: 0 | 1
}

/** Options of {@link fBetaScore}. */
export interface FBetaOptions extends ClassificationOptions {
  /** The weight of recall relative to precision (> 0). */
  beta: number
}

/** A score: a number, or one per class (in label order) with `average: 'none'`. */
export type ScoreValue<O> = O extends { average: 'none' } ? number[] : number

type Which = 'precision' | 'recall' | 'f' | 'specificity'

interface Resolved {
  cm: ConfusionMatrix
  kind: Kind
  /** The matrix's argument name in messages: 'actual' or 'matrix'. */
  source: 'actual' | 'matrix'
  codes?: [Int32Array, Int32Array]
}

/** The options argument: `{}` when absent; anything but an object (null, a string) is an error. */
function optionsOf<T>(where: string, options: T | undefined): T {
  if (options === undefined) return {} as T
  if (
    options === null ||
    typeof options !== 'object' ||
    Array.isArray(options) ||
    ArrayBuffer.isView(options)
  )
    throw new InvalidInputError(where, 'options', `must be an object, got ${describeValue(options)}`)
  return options
}

function resolveInput(where: string, a: unknown, b: unknown, c: unknown): [Resolved, any] {
  if (isMatrixInput(a)) {
    const options = optionsOf(where, b as ClassificationOptions | undefined)
    if (options.labels !== undefined)
      throw new InvalidRangeError(where, 'options.labels', 'must not be given with a confusion matrix')
    return [{ ...checkMatrix(where, a), source: 'matrix' }, options]
  }
  const options = optionsOf(where, c as ClassificationOptions | undefined)
  const e = encodeLabels(
    where,
    [
      ['actual', a],
      ['predicted', b],
    ],
    options.labels,
  )
  return [
    { cm: matrixFromCodes(e), kind: e.kind, source: 'actual', codes: [e.codes[0], e.codes[1]] },
    options,
  ]
}

interface ClassCounts {
  k: number
  n: number
  tp: Float64Array
  predicted: Float64Array
  actual: Float64Array
}

function classCounts(cm: ConfusionMatrix): ClassCounts {
  const k = cm.labels.length
  const tp = new Float64Array(k)
  const predicted = new Float64Array(k)
  const actual = new Float64Array(k)
  let n = 0
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const c = cm.matrix[i][j]
      actual[i] += c
      predicted[j] += c
      n += c
      if (i === j) tp[i] = c
    }
  return { k, n, tp, predicted, actual }
}

interface Averaging {
  average: Average
  /** Index of the positive class in binary mode (-1: absent from the labels, all its counts are 0). */
  positive: number
  positiveLabel?: Label
}

function resolveAveraging(where: string, r: Resolved, options: ClassificationOptions): Averaging {
  const k = r.cm.labels.length
  let average: Average
  if (options.average === undefined) {
    if (k > 2 && options.positive === undefined)
      throw new InvalidRangeError(
        where,
        'options.average',
        `is required with ${k} labels: 'micro', 'macro', 'weighted' or 'none'`,
      )
    average = 'binary'
  } else average = checkOneOf(where, 'options.average', options.average, AVERAGES)
  if (average !== 'binary') return { average, positive: -1 }
  if (k > 2 && options.positive === undefined)
    throw new InvalidRangeError(
      where,
      'options.average',
      `is 'binary' but there are ${k} labels: choose 'micro', 'macro', 'weighted' or 'none', or name the positive class (one-vs-rest)`,
    )
  const label = defaultPositive(where, r.cm.labels, r.kind, options.positive)
  const positive = r.cm.labels.findIndex((l) => sameLabel(l, label))
  if (positive < 0 && k >= 2)
    throw new InvalidRangeError(
      where,
      'options.positive',
      `is ${describeValue(label)}, which is not one of the labels (${r.cm.labels.map(describeValue).join(', ')})`,
    )
  return { average, positive, positiveLabel: label }
}

const AVERAGES: Average[] = ['binary', 'micro', 'macro', 'weighted', 'none']

function checkZeroDivision(where: string, z: unknown): 0 | 1 {
  if (z === undefined) return 0
  if (z !== 0 && z !== 1)
    throw new InvalidRangeError(where, 'options.zeroDivision', `must be 0 or 1, got ${describeValue(z)}`)
  return z
}

function ratio(num: number, den: number, zd: number): number {
  return den === 0 ? zd : num / den
}

function fFrom(p: number, r: number, beta2: number): number {
  const den = beta2 * p + r
  return den === 0 ? 0 : ((1 + beta2) * p * r) / den
}

/** The per-class and averaged score, with scikit-learn's arithmetic. */
function classificationScore(
  where: string,
  r: Resolved,
  options: ClassificationOptions,
  which: Which,
  beta2 = 1,
): number | number[] {
  const zd = checkZeroDivision(where, options.zeroDivision)
  const avg = resolveAveraging(where, r, options)
  const c = classCounts(r.cm)
  if (avg.average === 'binary') checkBinaryDefined(where, r.source, c, avg, which)
  return scoreCounts(c, avg, which, zd, beta2)
}

function checkBinaryDefined(
  where: string,
  source: string,
  c: ClassCounts,
  avg: Averaging,
  which: Which,
): void {
  const act = avg.positive < 0 ? 0 : c.actual[avg.positive]
  if (which === 'recall' && act === 0)
    throw new InvalidRangeError(
      where,
      source,
      `has no example of the positive class ${describeValue(avg.positiveLabel)}: recall is undefined`,
    )
  if (which === 'specificity' && act === c.n)
    throw new InvalidRangeError(
      where,
      source,
      `has no example outside the positive class ${describeValue(avg.positiveLabel)}: specificity is undefined`,
    )
}

function scoreCounts(
  c: ClassCounts,
  avg: Averaging,
  which: Which,
  zd: number,
  beta2: number,
): number | number[] {
  const one = (tp: number, pred: number, act: number, n: number): number => {
    if (which === 'specificity') {
      const tn = n - pred - act + tp
      return ratio(tn, n - act, zd)
    }
    const p = ratio(tp, pred, zd)
    const rc = ratio(tp, act, zd)
    return which === 'precision' ? p : which === 'recall' ? rc : fFrom(p, rc, beta2)
  }
  if (avg.average === 'binary') {
    const i = avg.positive
    return i < 0 ? one(0, 0, 0, c.n) : one(c.tp[i], c.predicted[i], c.actual[i], c.n)
  }
  if (avg.average === 'micro') {
    let tp = 0
    let pred = 0
    let act = 0
    for (let i = 0; i < c.k; i++) {
      tp += c.tp[i]
      pred += c.predicted[i]
      act += c.actual[i]
    }
    if (which === 'specificity') {
      // Summed over classes: true negatives and false positives of every one-vs-rest split.
      let tn = 0
      let fp = 0
      for (let i = 0; i < c.k; i++) {
        tn += c.n - c.predicted[i] - c.actual[i] + c.tp[i]
        fp += c.predicted[i] - c.tp[i]
      }
      return ratio(tn, tn + fp, zd)
    }
    return one(tp, pred, act, c.n)
  }
  const per: number[] = []
  for (let i = 0; i < c.k; i++) per.push(one(c.tp[i], c.predicted[i], c.actual[i], c.n))
  if (avg.average === 'none') return per
  if (avg.average === 'macro') {
    let s = 0
    for (const v of per) s += v
    return s / c.k
  }
  let s = 0
  for (let i = 0; i < c.k; i++) s += per[i] * c.actual[i]
  return s / c.n
}

/**
 * Precision, TP / (TP + FP): of the examples predicted in a class, the share that belong to it. Equal to
 * scikit-learn's `precision_score` (with `labels` = every label, `zero_division` 0 or 1). Takes `actual`
 * and `predicted` labels, or a {@link ConfusionMatrix}.
 *
 * @example
 * precisionScore([1, 0, 1, 1], [1, 1, 1, 0]) // 2/3
 * precisionScore(['a', 'b', 'c'], ['a', 'b', 'b'], { average: 'macro' }) // (1 + 0.5 + 0) / 3
 */
export function precisionScore<O extends ClassificationOptions = ClassificationOptions>(
  actual: ArrayLike<Label>,
  predicted: ArrayLike<Label>,
  options?: O,
): ScoreValue<O>
export function precisionScore<O extends ClassificationOptions = ClassificationOptions>(
  matrix: ConfusionMatrix,
  options?: O,
): ScoreValue<O>
export function precisionScore(a: any, b?: any, c?: any): any {
  const [r, o] = resolveInput('precisionScore', a, b, c)
  return classificationScore('precisionScore', r, o, 'precision')
}

/**
 * Recall (sensitivity, true positive rate), TP / (TP + FN): of the examples of a class, the share
 * predicted in it. Equal to scikit-learn's `recall_score`. In binary mode a positive class absent from
 * `actual` is an error. Takes `actual` and `predicted` labels, or a {@link ConfusionMatrix}.
 *
 * @example
 * recallScore([1, 0, 1, 1], [1, 1, 1, 0]) // 2/3
 */
export function recallScore<O extends ClassificationOptions = ClassificationOptions>(
  actual: ArrayLike<Label>,
  predicted: ArrayLike<Label>,
  options?: O,
): ScoreValue<O>
export function recallScore<O extends ClassificationOptions = ClassificationOptions>(
  matrix: ConfusionMatrix,
  options?: O,
): ScoreValue<O>
export function recallScore(a: any, b?: any, c?: any): any {
  const [r, o] = resolveInput('recallScore', a, b, c)
  return classificationScore('recallScore', r, o, 'recall')
}

/**
 * Specificity (true negative rate), TN / (TN + FP): of the examples outside a class, the share not
 * predicted in it. Averaging as in imbalanced-learn's `specificity_score` (micro sums TN and FP over the
 * one-vs-rest splits; weighted uses each class's support). In binary mode, no actual negative is an error.
 */
export function specificityScore<O extends ClassificationOptions = ClassificationOptions>(
  actual: ArrayLike<Label>,
  predicted: ArrayLike<Label>,
  options?: O,
): ScoreValue<O>
export function specificityScore<O extends ClassificationOptions = ClassificationOptions>(
  matrix: ConfusionMatrix,
  options?: O,
): ScoreValue<O>
export function specificityScore(a: any, b?: any, c?: any): any {
  const [r, o] = resolveInput('specificityScore', a, b, c)
  return classificationScore('specificityScore', r, o, 'specificity')
}

/**
 * F1, the harmonic mean of precision and recall, computed as scikit-learn's `f1_score` (from precision and
 * recall after the zero-division policy; 0 when both are 0).
 *
 * @example
 * f1Score([1, 0, 1, 1], [1, 1, 1, 0]) // 2/3
 */
export function f1Score<O extends ClassificationOptions = ClassificationOptions>(
  actual: ArrayLike<Label>,
  predicted: ArrayLike<Label>,
  options?: O,
): ScoreValue<O>
export function f1Score<O extends ClassificationOptions = ClassificationOptions>(
  matrix: ConfusionMatrix,
  options?: O,
): ScoreValue<O>
export function f1Score(a: any, b?: any, c?: any): any {
  const [r, o] = resolveInput('f1Score', a, b, c)
  return classificationScore('f1Score', r, o, 'f')
}

/**
 * F-beta, (1 + β²)·P·R / (β²·P + R): recall weighted β times as much as precision. Equal to scikit-learn's
 * `fbeta_score`.
 */
export function fBetaScore<O extends FBetaOptions = FBetaOptions>(
  actual: ArrayLike<Label>,
  predicted: ArrayLike<Label>,
  options: O,
): ScoreValue<O>
export function fBetaScore<O extends FBetaOptions = FBetaOptions>(
  matrix: ConfusionMatrix,
  options: O,
): ScoreValue<O>
export function fBetaScore(a: any, b?: any, c?: any): any {
  const [r, o] = resolveInput('fBetaScore', a, b, c)
  const beta = checkFinite('fBetaScore', 'options.beta', o.beta)
  if (!(beta > 0)) throw new InvalidRangeError('fBetaScore', 'options.beta', `must be positive, got ${beta}`)
  return classificationScore('fBetaScore', r, o, 'f', beta * beta)
}

/**
 * Accuracy: the share of examples whose predicted label equals the actual one (scikit-learn's
 * `accuracy_score`). Takes `actual` and `predicted` labels, or a {@link ConfusionMatrix}.
 */
export function accuracyScore(
  actual: ArrayLike<Label>,
  predicted: ArrayLike<Label>,
  options?: LabelOptions,
): number
export function accuracyScore(matrix: ConfusionMatrix): number
export function accuracyScore(a: any, b?: any, c?: any): number {
  const [r] = resolveInput('accuracyScore', a, b, c)
  const cnt = classCounts(r.cm)
  let t = 0
  for (let i = 0; i < cnt.k; i++) t += cnt.tp[i]
  return t / cnt.n
}

/**
 * Balanced accuracy: the mean recall over the classes present in `actual` (classes only ever predicted are
 * left out, as scikit-learn's `balanced_accuracy_score` does). Takes `actual` and `predicted` labels, or a
 * {@link ConfusionMatrix}.
 */
export function balancedAccuracyScore(
  actual: ArrayLike<Label>,
  predicted: ArrayLike<Label>,
  options?: LabelOptions,
): number
export function balancedAccuracyScore(matrix: ConfusionMatrix): number
export function balancedAccuracyScore(a: any, b?: any, c?: any): number {
  const [r] = resolveInput('balancedAccuracyScore', a, b, c)
  return balancedFromCounts(classCounts(r.cm))
}

function balancedFromCounts(c: ClassCounts): number {
  let s = 0
  let m = 0
  for (let i = 0; i < c.k; i++)
    if (c.actual[i] > 0) {
      s += c.tp[i] / c.actual[i]
      m++
    }
  return s / m
}

// ---------------------------------------------------------------------------------------------------
// Binary scores: ROC-AUC, DeLong, average precision

/** Options of the binary score metrics. */
export interface BinaryOptions {
  /**
   * The positive class. Default: `true` for boolean labels, `1` for numbers (scikit-learn's
   * `pos_label=1`); required for string labels. Every other label counts as negative; `actual` may hold at
   * most two labels.
   */
  positive?: Label
}

interface BinaryTargets {
  /** 1 for the positive class, 0 otherwise, per example. */
  y: Uint8Array
  positives: number
  negatives: number
  positive: Label
}

/** Reads binary `actual` labels (at most two distinct) as 0/1 targets. */
function binaryTargets(where: string, actual: unknown, positive: Label | undefined): BinaryTargets {
  const xs = checkLabelArray(where, 'actual', actual)
  const n = xs.length
  const kind = labelKind(where, 'actual[0]', xs[0])
  const first = xs[0]
  let second: Label | undefined
  for (let i = 1; i < n; i++) {
    const v = xs[i]
    if (v === first || v === second) continue
    checkKind(where, `actual[${i}]`, v, kind)
    if (second === undefined) second = v
    else
      throw new InvalidRangeError(
        where,
        'actual',
        `holds more than two labels (${describeValue(first)}, ${describeValue(second)}, ${describeValue(v)}): this metric is binary`,
      )
  }
  const distinct = second === undefined ? [first] : [first, second].sort(compareLabels)
  const pos = defaultPositive(where, distinct, kind, positive)
  const y = new Uint8Array(n)
  let positives = 0
  for (let i = 0; i < n; i++)
    if (xs[i] === pos) {
      y[i] = 1
      positives++
    }
  return { y, positives, negatives: n - positives, positive: pos }
}

function checkBothClasses(where: string, t: BinaryTargets, what: string): void {
  if (t.positives === 0)
    throw new InvalidRangeError(
      where,
      'actual',
      `has no example of the positive class ${describeValue(t.positive)}: ${what} is undefined`,
    )
  if (t.negatives === 0)
    throw new InvalidRangeError(
      where,
      'actual',
      `has only the positive class ${describeValue(t.positive)}: ${what} is undefined`,
    )
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
const RADIX_SHIFT = [0, 11, 22, 0, 11, 22]
const RADIX_MASK = [0x7ff, 0x7ff, 0x3ff, 0x7ff, 0x7ff, 0x3ff]

/**
 * Sorts finite doubles ascending in place (and turns -0 into 0), by an LSD radix sort on their IEEE-754
 * bits: six passes of 11 bits over the order-preserving key (sign bit flipped for positives, all bits for
 * negatives), skipping passes whose digit is the same for every value. About 2–3× faster than
 * `Float64Array.prototype.sort` on 10^6 values; small arrays use the native sort.
 */
function sortScores(a: Float64Array): Float64Array {
  const n = a.length
  for (let i = 0; i < n; i++) if (a[i] === 0) a[i] = 0
  if (n < 2048 || !LITTLE_ENDIAN) return a.sort()
  let src: Float64Array = a
  let dst: Float64Array = new Float64Array(n)
  let words = new Uint32Array(src.buffer, src.byteOffset, 2 * n)
  const hist = new Uint32Array(6 * 2048)
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]
    const hi = words[2 * i + 1]
    const neg = hi >> 31
    const kh = (hi ^ (neg | 0x80000000)) >>> 0
    const kl = (lo ^ neg) >>> 0
    hist[kl & 0x7ff]++
    hist[2048 + ((kl >>> 11) & 0x7ff)]++
    hist[4096 + (kl >>> 22)]++
    hist[6144 + (kh & 0x7ff)]++
    hist[8192 + ((kh >>> 11) & 0x7ff)]++
    hist[10240 + (kh >>> 22)]++
  }
  for (let pass = 0; pass < 6; pass++) {
    const off = pass * 2048
    let skip = false
    let sum = 0
    for (let d = 0; d < 2048; d++) {
      const c = hist[off + d]
      if (c === n) {
        skip = true
        break
      }
      hist[off + d] = sum
      sum += c
    }
    if (skip) continue
    words = new Uint32Array(src.buffer, src.byteOffset, 2 * n)
    const shift = RADIX_SHIFT[pass]
    const mask = RADIX_MASK[pass]
    if (pass < 3)
      for (let i = 0; i < n; i++) {
        const neg = words[2 * i + 1] >> 31
        dst[hist[off + (((words[2 * i] ^ neg) >>> shift) & mask)]++] = src[i]
      }
    else
      for (let i = 0; i < n; i++) {
        const hi = words[2 * i + 1]
        dst[hist[off + (((hi ^ ((hi >> 31) | 0x80000000)) >>> shift) & mask)]++] = src[i]
      }
    const t = src
    src = dst
    dst = t
  }
  if (src !== a) a.set(src)
  return a
}

/** Validates scores (finite numbers, one per example) and splits them by class into sorted copies. */
function splitScores(
  where: string,
  argument: string,
  t: BinaryTargets,
  scores: unknown,
): { pos: Float64Array; neg: Float64Array } {
  const s = checkSample(where, argument, scores)
  checkSameLength(where, ['actual', t.y], [argument, s])
  const pos = new Float64Array(t.positives)
  const neg = new Float64Array(t.negatives)
  const y = t.y
  let p = 0
  let q = 0
  for (let i = 0; i < y.length; i++)
    if (y[i] === 1) pos[p++] = s[i]
    else neg[q++] = s[i]
  sortScores(pos)
  sortScores(neg)
  return { pos, neg }
}

/**
 * AUC from the class-sorted scores: the mean over positives of the share of negatives scored below
 * (ties count one half), which is the Mann–Whitney form of the area under the ROC curve.
 */
function aucSorted(pos: Float64Array, neg: Float64Array): number {
  const n1 = pos.length
  const n0 = neg.length
  let total = 0
  let i = 0
  let j = 0
  while (i < n1) {
    const s = pos[i]
    let i2 = i + 1
    while (i2 < n1 && pos[i2] === s) i2++
    while (j < n0 && neg[j] < s) j++
    let j2 = j
    while (j2 < n0 && neg[j2] === s) j2++
    total += (i2 - i) * (j + 0.5 * (j2 - j))
    i = i2
  }
  return total / n1 / n0
}

/** Options of {@link rocAuc}. */
export interface RocAucOptions extends BinaryOptions, LabelOptions {
  /**
   * Multiclass only (scores given as one row of class scores per example): `'macro'` (default) averages
   * the one-vs-rest AUCs, `'weighted'` weights them by class prevalence, as scikit-learn's
   * `roc_auc_score(multi_class='ovr')`.
   */
  average?: 'macro' | 'weighted'
}

/**
 * The area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counting one half (equal to scikit-learn's `roc_auc_score`). Binary: `scores` holds one score per
 * example (higher = more likely positive). Multiclass one-vs-rest: `scores` holds one row per example with
 * one score per class, columns in label order (`options.labels`, default the sorted labels of `actual`).
 * Every class must occur in `actual`. O(n log n): two typed-array sorts and a merge.
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 */
export function rocAuc(
  actual: ArrayLike<Label>,
  scores: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  options?: RocAucOptions,
): number {
  const where = 'rocAuc'
  options = optionsOf(where, options)
  if (isRowInput(scores)) return multiclassAuc(where, actual, scores, options)
  if (options.labels !== undefined || options.average !== undefined)
    throw new InvalidRangeError(
      where,
      options.labels !== undefined ? 'options.labels' : 'options.average',
      'applies only to multiclass scores (one row of class scores per example)',
    )
  const t = binaryTargets(where, actual, options.positive)
  checkBothClasses(where, t, 'the AUC')
  const { pos, neg } = splitScores(where, 'scores', t, scores)
  return aucSorted(pos, neg)
}

function isRowInput(scores: unknown): scores is ArrayLike<ArrayLike<number>> {
  if (!Array.isArray(scores) || scores.length === 0) return false
  const r = scores[0]
  return Array.isArray(r) || (ArrayBuffer.isView(r) && !(r instanceof DataView))
}

function multiclassAuc(
  where: string,
  actual: ArrayLike<Label>,
  rows: ArrayLike<ArrayLike<number>>,
  options: RocAucOptions,
): number {
  if (options.positive !== undefined)
    throw new InvalidRangeError(where, 'options.positive', 'does not apply to multiclass one-vs-rest scores')
  const average = checkOneOf(where, 'options.average', options.average ?? 'macro', ['macro', 'weighted'])
  const e = encodeLabels(where, [['actual', actual]], options.labels)
  const k = e.labels.length
  const codes = e.codes[0]
  const n = codes.length
  checkSameLength(where, ['actual', codes], ['scores', rows])
  if (k < 2) throw new InvalidRangeError(where, 'actual', 'holds one class only: the AUC is undefined')
  const counts = new Float64Array(k)
  for (let i = 0; i < n; i++) counts[codes[i]]++
  for (let c = 0; c < k; c++)
    if (counts[c] === 0)
      throw new InvalidRangeError(
        where,
        'actual',
        `has no example of class ${describeValue(e.labels[c])}: its one-vs-rest AUC is undefined`,
      )
  const cols: Float64Array[] = []
  for (let c = 0; c < k; c++) cols.push(new Float64Array(n))
  for (let i = 0; i < n; i++) {
    const row = checkSample(where, `scores[${i}]`, rows[i])
    if (row.length !== k)
      throw new InvalidRangeError(
        where,
        `scores[${i}]`,
        `must hold ${k} class scores (one per label), got ${row.length}`,
      )
    for (let c = 0; c < k; c++) cols[c][i] = row[c]
  }
  let total = 0
  for (let c = 0; c < k; c++) {
    const pos = new Float64Array(counts[c])
    const neg = new Float64Array(n - counts[c])
    let p = 0
    let q = 0
    const col = cols[c]
    for (let i = 0; i < n; i++)
      if (codes[i] === c) pos[p++] = col[i]
      else neg[q++] = col[i]
    sortScores(pos)
    sortScores(neg)
    const auc = aucSorted(pos, neg)
    total += average === 'macro' ? auc : (auc * counts[c]) / n
  }
  return average === 'macro' ? total / k : total
}

/** Sum and sum of squared deviations (about `mean`) of the DeLong placement values of one class. */
function placementSpread(self: Float64Array, other: Float64Array, mean: number, flip: boolean): number {
  const n = self.length
  const m = other.length
  let ss = 0
  let i = 0
  let j = 0
  while (i < n) {
    const s = self[i]
    let i2 = i + 1
    while (i2 < n && self[i2] === s) i2++
    while (j < m && other[j] < s) j++
    let j2 = j
    while (j2 < m && other[j2] === s) j2++
    const v = (j + 0.5 * (j2 - j)) / m
    const d = (flip ? 1 - v : v) - mean
    ss += (i2 - i) * d * d
    i = i2
  }
  return ss
}

/**
 * An interval for a metric: `{ estimate, lower, upper, confidence, alternative, method }` as every
 * interval of probably, plus the number of examples. `method`: 'wilson' (or another proportion method),
 * 'delong', 'bootstrap-percentile' or 'bootstrap-bca'.
 */
export interface MetricInterval extends Interval {
  /** The number of examples. */
  n: number
}

/** A DeLong interval for the AUC. */
export interface DelongInterval extends MetricInterval {
  method: 'delong'
  /** DeLong's variance of the AUC estimate. */
  variance: number
  standardError: number
  /** Examples of the positive class. */
  positives: number
  /** Examples of the other class. */
  negatives: number
  /** The positive class. */
  positive: Label
}

function intervalSides(
  where: string,
  options: IntervalOptions,
): { confidence: number; alternative: IntervalAlternative } {
  const confidence = checkOpenUnit(where, 'options.confidence', options.confidence ?? 0.95)
  const alternative = checkOneOf(where, 'options.alternative', options.alternative ?? 'two-sided', [
    'two-sided',
    'less',
    'greater',
  ])
  return { confidence, alternative }
}

/** A normal-theory interval around `estimate`, clipped to [lo, hi]. */
function normalInterval(
  estimate: number,
  se: number,
  confidence: number,
  alternative: IntervalAlternative,
  lo: number,
  hi: number,
): { lower: number; upper: number } {
  const z = normalPpf(alternative === 'two-sided' ? 1 - (1 - confidence) / 2 : confidence)
  const lower = alternative === 'less' ? lo : Math.max(lo, estimate - z * se)
  const upper = alternative === 'greater' ? hi : Math.min(hi, estimate + z * se)
  return { lower, upper }
}

/**
 * A confidence interval for the binary ROC-AUC from DeLong's variance (DeLong, DeLong & Clarke-Pearson
 * 1988), computed with the O(n log n) midrank algorithm of Sun & Xu (2014): the placement value of each
 * positive (the share of negatives scored below it, ties one half) and of each negative; the variance is
 * var(positive placements)/n₁ + var(negative placements)/n₀ (sample variances). The interval is the normal
 * one, AUC ± z·√variance, clipped to [0, 1]. Needs at least two examples of each class. With perfectly
 * separated classes the variance is 0 and the interval collapses to the estimate: use a larger evaluation
 * set or a bootstrap for such cases.
 *
 * @example
 * delongInterval(actual, scores, { confidence: 0.95 }) // { estimate, lower, upper, variance, ... }
 */
export function delongInterval(
  actual: ArrayLike<Label>,
  scores: ArrayLike<number>,
  options?: BinaryOptions & IntervalOptions,
): DelongInterval {
  const where = 'delongInterval'
  options = optionsOf(where, options)
  const { confidence, alternative } = intervalSides(where, options)
  const t = binaryTargets(where, actual, options.positive)
  checkDelongSizes(where, t)
  const { pos, neg } = splitScores(where, 'scores', t, scores)
  const estimate = aucSorted(pos, neg)
  const n1 = pos.length
  const n0 = neg.length
  const variance =
    placementSpread(pos, neg, estimate, false) / (n1 - 1) / n1 +
    placementSpread(neg, pos, estimate, true) / (n0 - 1) / n0
  const se = Math.sqrt(variance)
  const { lower, upper } = normalInterval(estimate, se, confidence, alternative, 0, 1)
  return {
    estimate,
    lower,
    upper,
    confidence,
    alternative,
    method: 'delong',
    n: n1 + n0,
    variance,
    standardError: se,
    positives: n1,
    negatives: n0,
    positive: t.positive,
  }
}

function checkDelongSizes(where: string, t: BinaryTargets): void {
  checkBothClasses(where, t, 'the AUC')
  if (t.positives < 2 || t.negatives < 2)
    throw new InvalidRangeError(
      where,
      'actual',
      `must hold at least two examples of each class for DeLong's variance, got ${t.positives} positive and ${t.negatives} negative`,
    )
}

function lowerBound(xs: Float64Array, v: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (xs[mid] < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBound(xs: Float64Array, v: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (xs[mid] <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Placement values in the original example order: V10 for positives, V01 for negatives. */
function placementsInOrder(t: BinaryTargets, s: ArrayLike<number>, pos: Float64Array, neg: Float64Array) {
  const v10 = new Float64Array(pos.length)
  const v01 = new Float64Array(neg.length)
  let p = 0
  let q = 0
  for (let i = 0; i < t.y.length; i++) {
    const x = s[i]
    if (t.y[i] === 1) {
      const lo = lowerBound(neg, x)
      v10[p++] = (lo + 0.5 * (upperBound(neg, x) - lo)) / neg.length
    } else {
      const lo = lowerBound(pos, x)
      v01[q++] = 1 - (lo + 0.5 * (upperBound(pos, x) - lo)) / pos.length
    }
  }
  return { v10, v01 }
}

function covariance(a: Float64Array, b: Float64Array, ma: number, mb: number): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb)
  return s / (a.length - 1)
}

/** Options of {@link delongTest}. */
export interface DelongTestOptions extends BinaryOptions, IntervalOptions {
  /**
   * The difference AUC(A) − AUC(B) under the null hypothesis. Default 0. For non-inferiority of A against
   * a champion B with margin δ, use `nullDifference: -δ` and `alternative: 'greater'`.
   */
  nullDifference?: number
}

/** The result of {@link delongTest}. */
export interface DelongTestResult {
  /** z = (difference − nullDifference) / standard error. */
  statistic: number
  /** Same as `statistic`. */
  z: number
  pValue: number
  method: 'delong-paired'
  alternative: IntervalAlternative
  /** AUC(A) − AUC(B). */
  difference: number
  /** Same as `difference`. */
  estimate: number
  aucA: number
  aucB: number
  /** DeLong's variance of the difference (accounts for the correlation of the two AUCs). */
  variance: number
  standardError: number
  nullDifference: number
  /** Interval for the difference at `confidence`, on the side of `alternative`, clipped to [−1, 1]. */
  lower: number
  upper: number
  confidence: number
  n: number
  positives: number
  negatives: number
}

/**
 * DeLong's paired test of two ROC-AUCs measured on the same examples (two models scoring one evaluation
 * set): the difference AUC(A) − AUC(B), its variance from the covariance of the placement values, the z
 * statistic, a p-value (normal) and an interval for the difference. `alternative: 'greater'` tests
 * AUC(A) − AUC(B) > `nullDifference`.
 *
 * @example
 * // Is the challenger no worse than the champion by more than 0.02?
 * delongTest(actual, challenger, champion, { nullDifference: -0.02, alternative: 'greater' }).pValue
 */
export function delongTest(
  actual: ArrayLike<Label>,
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
  options?: DelongTestOptions,
): DelongTestResult {
  const where = 'delongTest'
  options = optionsOf(where, options)
  const { confidence, alternative } = intervalSides(where, options)
  const nullDifference = checkFinite(where, 'options.nullDifference', options.nullDifference ?? 0)
  const t = binaryTargets(where, actual, options.positive)
  checkDelongSizes(where, t)
  const a = splitScores(where, 'scoresA', t, scoresA)
  const b = splitScores(where, 'scoresB', t, scoresB)
  const aucA = aucSorted(a.pos, a.neg)
  const aucB = aucSorted(b.pos, b.neg)
  const pa = placementsInOrder(t, scoresA, a.pos, a.neg)
  const pb = placementsInOrder(t, scoresB, b.pos, b.neg)
  const n1 = t.positives
  const n0 = t.negatives
  const variance =
    (covariance(pa.v10, pa.v10, aucA, aucA) +
      covariance(pb.v10, pb.v10, aucB, aucB) -
      2 * covariance(pa.v10, pb.v10, aucA, aucB)) /
      n1 +
    (covariance(pa.v01, pa.v01, aucA, aucA) +
      covariance(pb.v01, pb.v01, aucB, aucB) -
      2 * covariance(pa.v01, pb.v01, aucA, aucB)) /
      n0
  const v = Math.max(0, variance)
  const se = Math.sqrt(v)
  const difference = aucA - aucB
  const shift = difference - nullDifference
  const statistic = se > 0 ? shift / se : shift === 0 ? 0 : shift > 0 ? Infinity : -Infinity
  const pValue =
    alternative === 'greater'
      ? normalSf(statistic)
      : alternative === 'less'
        ? normalCdf(statistic)
        : Math.min(1, 2 * normalSf(Math.abs(statistic)))
  const { lower, upper } = normalInterval(difference, se, confidence, alternative, -1, 1)
  return {
    statistic,
    z: statistic,
    pValue,
    method: 'delong-paired',
    alternative,
    difference,
    estimate: difference,
    aucA,
    aucB,
    variance: v,
    standardError: se,
    nullDifference,
    lower,
    upper,
    confidence,
    n: n1 + n0,
    positives: n1,
    negatives: n0,
  }
}

/**
 * Average precision: the area under the precision–recall curve as the step sum Σ (Rₖ − Rₖ₋₁)·Pₖ over the
 * distinct score thresholds, highest first (scikit-learn's `average_precision_score`, no interpolation).
 * Tied scores form one threshold. A positive class absent from `actual` is an error.
 */
export function averagePrecision(
  actual: ArrayLike<Label>,
  scores: ArrayLike<number>,
  options?: BinaryOptions,
): number {
  const where = 'averagePrecision'
  options = optionsOf(where, options)
  const t = binaryTargets(where, actual, options.positive)
  if (t.positives === 0)
    throw new InvalidRangeError(
      where,
      'actual',
      `has no example of the positive class ${describeValue(t.positive)}: average precision is undefined`,
    )
  const { pos, neg } = splitScores(where, 'scores', t, scores)
  let i = pos.length - 1
  let j = neg.length - 1
  let tp = 0
  let fp = 0
  let ap = 0
  while (i >= 0) {
    const top = j >= 0 && neg[j] > pos[i] ? neg[j] : pos[i]
    let dtp = 0
    while (i >= 0 && pos[i] === top) {
      i--
      dtp++
    }
    while (j >= 0 && neg[j] === top) {
      j--
      fp++
    }
    tp += dtp
    if (dtp > 0) ap += dtp * (tp / (tp + fp))
  }
  return ap / pos.length
}

// ---------------------------------------------------------------------------------------------------
// Probabilistic scores: Brier, calibration

function checkProbabilities(
  where: string,
  argument: string,
  t: BinaryTargets,
  probs: unknown,
): ArrayLike<number> {
  const p = checkSample(where, argument, probs)
  checkSameLength(where, ['actual', t.y], [argument, p])
  for (let i = 0; i < p.length; i++)
    if (!(p[i] >= 0 && p[i] <= 1))
      throw new InvalidRangeError(where, `${argument}[${i}]`, `must be a probability in [0, 1], got ${p[i]}`)
  return p
}

/**
 * The Brier score: the mean squared difference between the predicted probability of the positive class
 * and the outcome (1 for positive, 0 otherwise); scikit-learn's `brier_score_loss`. Probabilities must lie
 * in [0, 1].
 */
export function brierScore(
  actual: ArrayLike<Label>,
  probabilities: ArrayLike<number>,
  options?: BinaryOptions,
): number {
  const where = 'brierScore'
  options = optionsOf(where, options)
  const t = binaryTargets(where, actual, options.positive)
  const p = checkProbabilities(where, 'probabilities', t, probabilities)
  let s = 0
  for (let i = 0; i < p.length; i++) {
    const d = p[i] - t.y[i]
    s += d * d
  }
  return s / p.length
}

/** Options of {@link calibrationCurve} and {@link expectedCalibrationError}. */
export interface CalibrationOptions extends BinaryOptions {
  /** Number of bins (whole, ≥ 1). Default 10. */
  bins?: number
  /**
   * `'uniform'` (default): edges at 0, 1/bins, 2/bins, …, 1. `'quantile'`: edges at the 0, 1/bins, …, 1
   * quantiles of the probabilities (linear interpolation, numpy's default). As scikit-learn's
   * `calibration_curve`, each bin is (left edge, right edge], the first also holding its left edge.
   */
  strategy?: 'uniform' | 'quantile'
}

/** One non-empty bin of a calibration curve. */
export interface CalibrationBin {
  /** Left edge (excluded, except for the first bin). */
  lower: number
  /** Right edge (included). */
  upper: number
  /** Examples in the bin. */
  count: number
  /** Mean predicted probability in the bin. */
  meanPredicted: number
  /** Share of positives in the bin. */
  fractionPositive: number
}

/** A bin of {@link calibrationCurve}: a {@link CalibrationBin} with its count of positives and its gap. */
export interface CalibrationCurveBin extends CalibrationBin {
  /** Positives in the bin (`fractionPositive · count`, exactly: the count, not a product). */
  positives: number
  /** The calibration gap `fractionPositive − meanPredicted` (positive: more positives than predicted). */
  gap: number
}

/**
 * The reliability diagram of binary probabilities: per non-empty bin, the mean predicted probability and
 * the observed share of positives, binned as scikit-learn's `calibration_curve` (see
 * {@link CalibrationOptions.strategy}).
 */
export function calibrationCurve(
  actual: ArrayLike<Label>,
  probabilities: ArrayLike<number>,
  options?: CalibrationOptions,
): CalibrationCurveBin[] {
  return calibrationBins('calibrationCurve', actual, probabilities, options).bins
}

function calibrationBins(
  where: string,
  actual: ArrayLike<Label>,
  probabilities: ArrayLike<number>,
  options: CalibrationOptions | undefined,
): { bins: CalibrationCurveBin[]; n: number } {
  options = optionsOf(where, options)
  const nb = checkCount(where, 'options.bins', options.bins ?? 10, 1)
  const strategy = checkOneOf(where, 'options.strategy', options.strategy ?? 'uniform', [
    'uniform',
    'quantile',
  ])
  const t = binaryTargets(where, actual, options.positive)
  const p = checkProbabilities(where, 'probabilities', t, probabilities)
  const n = p.length
  const edges = new Float64Array(nb + 1)
  if (strategy === 'uniform') {
    // numpy.linspace(0, 1, bins + 1): i · (1 / bins), last edge exactly 1.
    const step = 1 / nb
    for (let i = 0; i < nb; i++) edges[i] = i * step
    edges[nb] = 1
  } else {
    const sorted = sortScores(Float64Array.from(p))
    const step = 1 / nb
    for (let i = 0; i <= nb; i++) {
      // numpy.percentile(p, linspace(0, 1, bins + 1) * 100), 'linear' method and its lerp.
      const q = i === nb ? 1 : (i * step * 100) / 100
      const h = q * (n - 1)
      const lo = Math.floor(h)
      const hi = Math.min(lo + 1, n - 1)
      const g = h - lo
      const a = sorted[lo]
      const b = sorted[hi]
      const d = b - a
      edges[i] = g >= 0.5 ? b - d * (1 - g) : a + d * g
    }
  }
  const count = new Float64Array(nb + 1)
  const sumP = new Float64Array(nb + 1)
  const sumY = new Float64Array(nb + 1)
  const inner = edges.subarray(1, nb)
  for (let i = 0; i < n; i++) {
    const b = lowerBound(inner, p[i])
    count[b]++
    sumP[b] += p[i]
    sumY[b] += t.y[i]
  }
  const bins: CalibrationCurveBin[] = []
  for (let b = 0; b < nb; b++)
    if (count[b] > 0)
      bins.push({
        lower: edges[b],
        upper: edges[b + 1],
        count: count[b],
        meanPredicted: sumP[b] / count[b],
        fractionPositive: sumY[b] / count[b],
        positives: sumY[b],
        gap: sumY[b] / count[b] - sumP[b] / count[b],
      })
  return { bins, n }
}

/**
 * The expected calibration error: Σ over non-empty bins of (bin count / n) · |share of positives − mean
 * predicted probability|, with the bins of {@link calibrationCurve} (default 10 uniform bins on [0, 1],
 * each (left, right], the first including 0). Probabilities must lie in [0, 1]. Reference: scikit-learn's
 * `calibration_curve` with the bin counts.
 */
export function expectedCalibrationError(
  actual: ArrayLike<Label>,
  probabilities: ArrayLike<number>,
  options?: CalibrationOptions,
): number {
  const { bins, n } = calibrationBins('expectedCalibrationError', actual, probabilities, options)
  let s = 0
  for (const b of bins) s += b.count * Math.abs(b.gap)
  return s / n
}

// ---------------------------------------------------------------------------------------------------
// Regression

function regressionPair(
  where: string,
  actual: unknown,
  predicted: unknown,
): [ArrayLike<number>, ArrayLike<number>] {
  const a = checkSample(where, 'actual', actual)
  const p = checkSample(where, 'predicted', predicted)
  checkSameLength(where, ['actual', a], ['predicted', p])
  return [a, p]
}

/**
 * A power of two c with |values| / c small enough that differences and squares do not overflow: 1 unless
 * some value exceeds 2⁵⁰⁰. Dividing by it is exact.
 */
function regressionScale(a: ArrayLike<number>, p: ArrayLike<number>): number {
  let max = 0
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]), Math.abs(p[i]))
  return max > 2 ** 500 ? 2 ** Math.min(Math.ceil(Math.log2(max)), 1023) : 1
}

function scaledBy(xs: ArrayLike<number>, c: number): ArrayLike<number> {
  return c === 1 ? xs : Float64Array.from(xs, (x) => x / c)
}

/** The mean absolute error, mean |actual − predicted| (scikit-learn's `mean_absolute_error`). */
export function meanAbsoluteError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const [a0, p0] = regressionPair('meanAbsoluteError', actual, predicted)
  // Values beyond 2⁵⁰⁰: in units of a power of two c, so that a − p cannot overflow.
  const c = regressionScale(a0, p0)
  const a = scaledBy(a0, c)
  const p = scaledBy(p0, c)
  let s = 0
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - p[i])
  return (s / a.length) * c
}

/** The root mean squared error, √(mean (actual − predicted)²) (scikit-learn's `mean_squared_error(squared=False)`). */
export function rootMeanSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const [a0, p0] = regressionPair('rootMeanSquaredError', actual, predicted)
  // Values beyond 2⁵⁰⁰: in units of a power of two c, so that squares cannot overflow.
  const c = regressionScale(a0, p0)
  const a = scaledBy(a0, c)
  const p = scaledBy(p0, c)
  let s = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - p[i]
    s += d * d
  }
  return Math.sqrt(s / a.length) * c
}

/**
 * The coefficient of determination, 1 − Σ(actual − predicted)² / Σ(actual − mean)² (scikit-learn's
 * `r2_score`). When `actual` is constant: 1 for a perfect prediction, else 0 (scikit-learn's
 * `force_finite`).
 */
export function r2Score(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const [a0, p0] = regressionPair('r2Score', actual, predicted)
  // R² does not depend on the unit: values beyond 2⁵⁰⁰ are taken in units of a power of two (exact).
  const c = regressionScale(a0, p0)
  const a = scaledBy(a0, c)
  const p = scaledBy(p0, c)
  let mean = 0
  for (let i = 0; i < a.length; i++) mean += a[i]
  mean /= a.length
  let res = 0
  let tot = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - p[i]
    const e = a[i] - mean
    res += d * d
    tot += e * e
  }
  if (tot === 0) return res === 0 ? 1 : 0
  return 1 - res / tot
}

// ---------------------------------------------------------------------------------------------------
// Intervals for classification metrics

/** The classification metrics {@link metricInterval} knows. */
export type ClassificationMetric =
  | 'accuracy'
  | 'balancedAccuracy'
  | 'precision'
  | 'recall'
  | 'specificity'
  | 'f1'
  | 'fBeta'

/** The metrics {@link metricInterval} knows: the classification metrics and `'auc'` (binary ROC-AUC). */
export type IntervalMetric = ClassificationMetric | 'auc'

/**
 * What a metric is computed from: actual and predicted labels; actual labels and binary scores (with a
 * `threshold`: score ≥ threshold predicts the positive class, anything else the other label of `actual`;
 * no threshold for `'auc'`); or a {@link ConfusionMatrix}. When `actual` holds the positive class only,
 * the negative label is `false`, 0 (1 if the positive is 0) or `"not <positive>"` for strings.
 */
export type MetricInput =
  | { actual: ArrayLike<Label>; predicted: ArrayLike<Label> }
  | { actual: ArrayLike<Label>; scores: ArrayLike<number>; threshold?: number }
  | ConfusionMatrix

/** Interval methods: a proportion method of `proportionInterval`, DeLong (AUC), or a bootstrap. */
export type MetricIntervalMethod =
  | 'wilson'
  | 'clopper-pearson'
  | 'agresti-coull'
  | 'jeffreys'
  | 'delong'
  | 'bootstrap-percentile'
  | 'bootstrap-bca'

/** Options of {@link metricInterval}. */
export interface MetricIntervalOptions extends ClassificationOptions, IntervalOptions {
  /**
   * Default: `'wilson'` for the metrics that are proportions of examples (accuracy, binary precision,
   * recall and specificity, micro precision/recall/F1, which equal accuracy); `'delong'` for `'auc'`;
   * `'bootstrap-bca'` for the others (F-scores, balanced accuracy, macro and weighted averages).
   */
  method?: MetricIntervalMethod
  /** F-beta's β (metric `'fBeta'`). */
  beta?: number
  /** Bootstrap: the seed of the resampling (or pass `rng`). Default seed: 0. */
  seed?: Seed
  /** Bootstrap: a generator to draw from instead of `seed`. */
  rng?: Rng
  /** Bootstrap: number of resamples (whole, ≥ 100). Default 2000. */
  resamples?: number
}

/** An interval for a classification metric or the AUC, with the counts behind it. */
export interface ClassificationInterval extends MetricInterval {
  metric: IntervalMetric
  /** The averaging used (`undefined` for accuracy, balanced accuracy and AUC). */
  average?: Average
  /** The positive class, in binary mode. */
  positive?: Label
  /** For proportion methods: the numerator of the proportion (e.g. TP for recall). */
  successes?: number
  /** For proportion methods: the denominator (e.g. TP + FN for recall). */
  trials?: number
  /** The confusion matrix the metric was computed from (not for AUC). */
  matrix?: ConfusionMatrix
  /** Bootstrap: number of resamples and the seed used. */
  resamples?: number
  seed?: string
  /** DeLong: the variance of the AUC. */
  variance?: number
}

const PROPORTION_METHODS = ['wilson', 'clopper-pearson', 'agresti-coull', 'jeffreys'] as const
const METHODS: MetricIntervalMethod[] = [
  ...PROPORTION_METHODS,
  'delong',
  'bootstrap-percentile',
  'bootstrap-bca',
]
const METRICS: IntervalMetric[] = [
  'accuracy',
  'balancedAccuracy',
  'precision',
  'recall',
  'specificity',
  'f1',
  'fBeta',
  'auc',
]

/** Turns thresholded binary scores into a 2×2 (or 1×1) confusion matrix input. */
function thresholded(
  where: string,
  input: { actual: unknown; scores: unknown; threshold?: unknown },
  positive?: Label,
) {
  const threshold = checkFinite(where, 'input.threshold', input.threshold)
  const t = binaryTargets(where, input.actual, positive)
  const s = checkSample(where, 'input.scores', input.scores)
  checkSameLength(where, ['input.actual', t.y], ['input.scores', s])
  const xs = input.actual as ArrayLike<Label>
  let negative: Label | undefined
  for (let i = 0; i < xs.length && negative === undefined; i++) if (t.y[i] === 0) negative = xs[i]
  if (negative === undefined) {
    const p = t.positive
    negative = typeof p === 'boolean' ? !p : typeof p === 'number' ? (p === 0 ? 1 : 0) : `not ${p}`
  }
  // labels: [negative, positive] in sorted order
  const labels = [negative, t.positive].sort(compareLabels)
  const pi = labels.indexOf(t.positive)
  const matrix = [
    [0, 0],
    [0, 0],
  ]
  for (let i = 0; i < s.length; i++) {
    const a = t.y[i] === 1 ? pi : 1 - pi
    const p = s[i] >= threshold ? pi : 1 - pi
    matrix[a][p]++
  }
  return { labels, matrix, n: s.length }
}

/**
 * A confidence interval for a model-quality metric, with its point estimate and the counts behind it: the
 * one-stop entry point for assertions such as "recall is above 0.9".
 *
 * - Proportions of examples (accuracy; precision, recall, specificity of one class; micro averages,
 *   which equal accuracy): a binomial interval, Wilson's by default (`proportionInterval`), reporting
 *   `successes` and `trials`.
 * - F-scores, balanced accuracy, macro and weighted averages, micro specificity: a seeded bootstrap that
 *   resamples examples (rows of the confusion matrix data, i.e. actual and predicted together), BCa by
 *   default (jackknife acceleration), or percentile.
 * - `'auc'`: DeLong's interval (see {@link delongInterval}); input `{ actual, scores }`.
 *
 * @example
 * metricInterval('recall', { actual, predicted }, { confidence: 0.95, alternative: 'greater' })
 * // { estimate: 0.93, lower: 0.90, upper: 1, successes: 186, trials: 200, method: 'wilson', ... }
 */
export function metricInterval(
  metric: IntervalMetric,
  input: MetricInput,
  options?: MetricIntervalOptions,
): ClassificationInterval {
  const where = 'metricInterval'
  options = optionsOf(where, options)
  checkOneOf(where, 'metric', metric, METRICS)
  if (typeof input !== 'object' || input === null)
    throw new InvalidInputError(
      where,
      'input',
      `must be { actual, predicted }, { actual, scores } or a confusion matrix, got ${describeValue(input)}`,
    )
  const method =
    options.method === undefined ? undefined : checkOneOf(where, 'options.method', options.method, METHODS)
  const { confidence, alternative } = intervalSides(where, options)
  if (metric === 'auc') {
    if (method !== undefined && method !== 'delong')
      throw new InvalidRangeError(where, 'options.method', `must be 'delong' for the AUC, got '${method}'`)
    if (!('scores' in input))
      throw new InvalidRangeError(where, 'input', 'must be { actual, scores } for the AUC')
    const d = delongInterval(input.actual, input.scores, {
      positive: options.positive,
      confidence,
      alternative,
    })
    return { ...d, metric }
  }
  if (method === 'delong')
    throw new InvalidRangeError(where, 'options.method', "'delong' applies to the AUC only")
  let r: Resolved
  if (isMatrixInput(input)) {
    if (options.labels !== undefined)
      throw new InvalidRangeError(where, 'options.labels', 'must not be given with a confusion matrix')
    r = { ...checkMatrix(where, input), source: 'matrix' }
  } else if ('scores' in input) {
    if (input.threshold === undefined)
      throw new InvalidRangeError(where, 'input.threshold', `is required to compute ${metric} from scores`)
    r = { ...checkMatrix(where, thresholded(where, input, options.positive)), source: 'actual' }
  } else {
    const e = encodeLabels(
      where,
      [
        ['input.actual', (input as { actual: unknown }).actual],
        ['input.predicted', (input as { predicted: unknown }).predicted],
      ],
      options.labels,
    )
    r = { cm: matrixFromCodes(e), kind: e.kind, source: 'actual' }
  }
  const zd = checkZeroDivision(where, options.zeroDivision)
  let beta2 = 1
  if (metric === 'fBeta') {
    const beta = checkFinite(where, 'options.beta', options.beta)
    if (!(beta > 0)) throw new InvalidRangeError(where, 'options.beta', `must be positive, got ${beta}`)
    beta2 = beta * beta
  }
  const averaged = metric !== 'accuracy' && metric !== 'balancedAccuracy'
  const avg: Averaging | undefined = averaged ? resolveAveraging(where, r, options) : undefined
  if (avg?.average === 'none')
    throw new InvalidRangeError(
      where,
      'options.average',
      "must not be 'none': ask for one class with average 'binary' and positive",
    )
  const counts = classCounts(r.cm)
  const which: Which | undefined =
    metric === 'f1' || metric === 'fBeta' ? 'f' : averaged ? (metric as Which) : undefined
  if (avg?.average === 'binary') checkBinaryDefined(where, r.source, counts, avg, which!)
  const statistic = (c: ClassCounts): number =>
    metric === 'accuracy'
      ? traceOf(c) / c.n
      : metric === 'balancedAccuracy'
        ? balancedFromCounts(c)
        : (scoreCounts(c, avg!, which!, zd, beta2) as number)
  const estimate = statistic(counts)
  const base = {
    estimate,
    confidence,
    alternative,
    n: counts.n,
    metric,
    average: avg?.average,
    positive: avg?.positiveLabel,
    matrix: r.cm,
  }
  const proportion = proportionCounts(metric, counts, avg)
  const chosen = method ?? (proportion ? 'wilson' : 'bootstrap-bca')
  if (chosen === 'bootstrap-percentile' || chosen === 'bootstrap-bca') {
    const resamples = checkCount(where, 'options.resamples', options.resamples ?? 2000, 100)
    const rng = options.rng ?? createRng(options.seed ?? 0)
    const { lower, upper } = bootstrapCounts(r.cm, statistic, estimate, {
      bca: chosen === 'bootstrap-bca',
      resamples,
      rng,
      confidence,
      alternative,
      bounds: [0, 1],
    })
    return { ...base, lower, upper, method: chosen, resamples, seed: rng.seed }
  }
  if (!proportion)
    throw new InvalidRangeError(
      where,
      'options.method',
      `is '${chosen}', but ${metric}${avg ? ` (average '${avg.average}')` : ''} is not a proportion of examples: use 'bootstrap-bca' or 'bootstrap-percentile'`,
    )
  const [successes, trials] = proportion
  if (trials === 0)
    throw new InvalidRangeError(
      where,
      'input',
      `gives ${metric} a zero denominator (${metric === 'precision' ? 'no prediction of the positive class' : 'no example'}): no interval`,
    )
  const w = proportionInterval(successes, trials, { method: chosen, confidence, alternative })
  return { ...base, lower: w.lower, upper: w.upper, method: chosen, successes, trials }
}

function traceOf(c: ClassCounts): number {
  let t = 0
  for (let i = 0; i < c.k; i++) t += c.tp[i]
  return t
}

/** [successes, trials] when the metric is a proportion of examples, else undefined. */
function proportionCounts(
  metric: IntervalMetric,
  c: ClassCounts,
  avg: Averaging | undefined,
): [number, number] | undefined {
  if (metric === 'accuracy') return [traceOf(c), c.n]
  if (avg === undefined) return undefined
  if (avg.average === 'micro' && metric !== 'specificity') return [traceOf(c), c.n]
  if (avg.average !== 'binary') return undefined
  const i = avg.positive
  const tp = i < 0 ? 0 : c.tp[i]
  const pred = i < 0 ? 0 : c.predicted[i]
  const act = i < 0 ? 0 : c.actual[i]
  if (metric === 'precision') return [tp, pred]
  if (metric === 'recall') return [tp, act]
  if (metric === 'specificity') return [c.n - pred - act + tp, c.n - act]
  return undefined
}

/** A metric that is a proportion of examples, from {@link metricProportion}. */
export interface MetricProportion {
  /** The numerator (e.g. TP for recall). */
  successes: number
  /** The denominator (e.g. TP + FN for recall). */
  trials: number
  /** What the trials are. */
  of: 'examples' | 'actual positives' | 'predicted positives' | 'actual negatives'
}

/**
 * The successes and trials of a metric that is a proportion of examples, from a confusion matrix: accuracy
 * and micro averages (but micro specificity) are the trace over n; in binary mode (`average: 'binary'`,
 * the default with two labels) recall is TP over the actual positives, precision TP over the predicted
 * positives, specificity TN over the actual negatives. Undefined for the metrics that are not proportions
 * (F-scores and balanced accuracy in binary mode, macro and weighted averages, the AUC). The same counts
 * {@link metricInterval} puts a binomial interval on.
 *
 * @example metricProportion('recall', { labels: [0, 1], matrix: [[50, 5], [10, 35]], n: 100 }) // { successes: 35, trials: 45, of: 'actual positives' }
 */
export function metricProportion(
  metric: IntervalMetric,
  matrix: ConfusionMatrix,
  options?: Pick<ClassificationOptions, 'average' | 'positive'>,
): MetricProportion | undefined {
  const where = 'metricProportion'
  checkOneOf(where, 'metric', metric, METRICS)
  if (matrix === null || typeof matrix !== 'object')
    throw new InvalidInputError(where, 'matrix', `must be a confusion matrix, got ${describeValue(matrix)}`)
  const o = optionsOf(where, options)
  const r: Resolved = { ...checkMatrix(where, matrix), source: 'matrix' }
  if (metric === 'auc') return undefined
  const averaged = metric !== 'accuracy' && metric !== 'balancedAccuracy'
  const avg = averaged ? resolveAveraging(where, r, o) : undefined
  const p = proportionCounts(metric, classCounts(r.cm), avg)
  if (p === undefined) return undefined
  const of: MetricProportion['of'] =
    avg?.average !== 'binary'
      ? 'examples'
      : metric === 'recall'
        ? 'actual positives'
        : metric === 'precision'
          ? 'predicted positives'
          : 'actual negatives'
  return { successes: p[0], trials: p[1], of }
}

/** The smallest count a metric rests on, from {@link smallestSupport}. */
export interface MetricSupport {
  count: number
  /** Which count it is: the positive class's actual or predicted examples, or a class's examples. */
  of: 'actual positives' | 'predicted positives' | 'examples of class'
  /** The class (for `'examples of class'`). */
  label?: Label
}

/**
 * The smallest count a confusion-matrix metric rests on: in binary mode the smaller of the positive
 * class's actual and predicted counts (actual on a tie); otherwise the class with the fewest actual
 * examples (the first such in label order). A resampled metric is only as stable as this count.
 *
 * @example smallestSupport({ labels: [0, 1], matrix: [[50, 5], [10, 35]], n: 100 }) // { count: 40, of: 'predicted positives' }
 */
export function smallestSupport(
  matrix: ConfusionMatrix,
  options?: Pick<ClassificationOptions, 'average' | 'positive'>,
): MetricSupport {
  const where = 'smallestSupport'
  if (matrix === null || typeof matrix !== 'object')
    throw new InvalidInputError(where, 'matrix', `must be a confusion matrix, got ${describeValue(matrix)}`)
  const o = optionsOf(where, options)
  const r: Resolved = { ...checkMatrix(where, matrix), source: 'matrix' }
  const avg = resolveAveraging(where, r, o)
  const c = classCounts(r.cm)
  if (avg.average === 'binary' && avg.positive >= 0) {
    const i = avg.positive
    return c.actual[i] <= c.predicted[i]
      ? { count: c.actual[i], of: 'actual positives' }
      : { count: c.predicted[i], of: 'predicted positives' }
  }
  let best = 0
  for (let i = 1; i < c.k; i++) if (c.actual[i] < c.actual[best]) best = i
  return { count: c.actual[best], of: 'examples of class', label: r.cm.labels[best] }
}

function countsFromFlat(flat: Float64Array, k: number, out: ClassCounts): ClassCounts {
  out.tp.fill(0)
  out.predicted.fill(0)
  out.actual.fill(0)
  let n = 0
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = flat[i * k + j]
      out.actual[i] += v
      out.predicted[j] += v
      n += v
      if (i === j) out.tp[i] = v
    }
  out.n = n
  return out
}

/** numpy.percentile's 'linear' quantile of sorted values. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = q * (sorted.length - 1)
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  const g = h - lo
  const a = sorted[lo]
  const b = sorted[hi]
  return g >= 0.5 ? b - (b - a) * (1 - g) : a + (b - a) * g
}

/** Up to this many examples the bootstrap draws example indices; above, the equivalent multinomial counts. */
const DIRECT_RESAMPLING_MAX = 1000

/**
 * A Binomial(n, p) draw by inversion (one uniform per draw): a search from 0 when n·p is small, else
 * from the normal approximation's guess using the exact CDF, stepping by the pmf ratio.
 */
function drawBinomial(rng: Rng, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0
  if (p >= 1) return n
  if (p > 0.5) return n - drawBinomial(rng, n, 1 - p)
  const q = 1 - p
  const u = rng()
  const r = p / q
  if (n * p < 30) {
    let x = 0
    let f = q ** n
    let F = f
    while (u >= F && x < n) {
      f *= ((n - x) / (x + 1)) * r
      x++
      F += f
    }
    return x
  }
  let x = Math.floor(n * p + Math.sqrt(n * p * q) * normalPpf(u) + 0.5)
  x = Math.min(n, Math.max(0, x))
  let F = binomialCdf(x, n, p)
  let f = binomialPmf(x, n, p)
  if (u < F) {
    while (x > 0) {
      const below = F - f
      if (!(u < below)) break
      f *= x / (n - x + 1) / r
      F = below
      x--
    }
    return x
  }
  while (u >= F && x < n) {
    f *= ((n - x) / (x + 1)) * r
    x++
    F += f
  }
  return x
}

/** Multinomial counts of n draws over the cells, with probabilities counts/n, by successive binomials. */
function drawMultinomial(rng: Rng, n: number, counts: Float64Array, out: Float64Array): void {
  let left = n
  let mass = 0
  for (let c = 0; c < counts.length; c++) mass += counts[c]
  for (let c = 0; c < counts.length; c++) {
    const w = counts[c]
    let x = 0
    if (left > 0 && w > 0) x = w >= mass ? left : drawBinomial(rng, left, w / mass)
    out[c] = x
    left -= x
    mass -= w
  }
}

/**
 * Bootstrap interval of a confusion-matrix statistic, resampling the n examples with replacement (each
 * example is one cell of the matrix, so actual and predicted labels are resampled together; above 1000
 * examples the resampled cell counts are drawn directly from their multinomial distribution, which is the
 * same thing at O(cells) instead of O(n) per resample). Percentile
 * or BCa (Efron 1987, as scipy.stats.bootstrap: bias correction from the share of resamples below the
 * estimate, acceleration from the jackknife, which only needs one leave-one-out value per cell).
 */
function bootstrapCounts(
  cm: ConfusionMatrix,
  statistic: (c: ClassCounts) => number,
  estimate: number,
  o: {
    bca: boolean
    resamples: number
    rng: Rng
    confidence: number
    alternative: IntervalAlternative
    bounds: [number, number]
  },
): { lower: number; upper: number } {
  const k = cm.labels.length
  const n = cm.n
  const cells = new Uint32Array(n)
  const flatObserved = new Float64Array(k * k)
  let at = 0
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const c = cm.matrix[i][j]
      flatObserved[i * k + j] = c
      cells.fill(i * k + j, at, at + c)
      at += c
    }
  const scratch: ClassCounts = {
    k,
    n,
    tp: new Float64Array(k),
    predicted: new Float64Array(k),
    actual: new Float64Array(k),
  }
  const flat = new Float64Array(k * k)
  const values = new Float64Array(o.resamples)
  let m = 0
  const direct = n <= DIRECT_RESAMPLING_MAX
  for (let b = 0; b < o.resamples; b++) {
    if (direct) {
      flat.fill(0)
      for (let i = 0; i < n; i++) flat[cells[Math.floor(o.rng() * n)]]++
    } else drawMultinomial(o.rng, n, flatObserved, flat)
    const v = statistic(countsFromFlat(flat, k, scratch))
    if (!Number.isNaN(v)) values[m++] = v
  }
  const sorted = values.subarray(0, m).sort()
  const alpha = o.alternative === 'two-sided' ? (1 - o.confidence) / 2 : 1 - o.confidence
  let qLow = alpha
  let qHigh = 1 - alpha
  if (o.bca) {
    let below = 0
    for (let i = 0; i < m; i++) if (sorted[i] < estimate) below++
    const z0 = normalPpf(below / m)
    // Jackknife: leaving out one example of cell c gives the same value for every example of c.
    const jack = new Float64Array(k * k)
    let mean = 0
    for (let c = 0; c < k * k; c++) {
      if (flatObserved[c] === 0) continue
      flat.set(flatObserved)
      flat[c]--
      jack[c] = n > 1 ? statistic(countsFromFlat(flat, k, scratch)) : estimate
      mean += flatObserved[c] * jack[c]
    }
    mean /= n
    let num = 0
    let den = 0
    for (let c = 0; c < k * k; c++) {
      if (flatObserved[c] === 0) continue
      const d = mean - jack[c]
      num += flatObserved[c] * d * d * d
      den += flatObserved[c] * d * d
    }
    const a = den > 0 ? num / (6 * den ** 1.5) : 0
    const adjust = (q: number): number => {
      const z = normalPpf(q)
      return normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)))
    }
    if (Number.isFinite(z0)) {
      qLow = adjust(qLow)
      qHigh = adjust(qHigh)
    }
  }
  const lower = o.alternative === 'less' ? o.bounds[0] : quantileSorted(sorted, qLow)
  const upper = o.alternative === 'greater' ? o.bounds[1] : quantileSorted(sorted, qHigh)
  return { lower, upper }
}

// ---------------------------------------------------------------------------------------------------
// Generation: pass@k

/**
 * The unbiased pass@k estimate of one problem from `correct` successes in `attempts` samples (Chen et al.
 * 2021, "Evaluating Large Language Models Trained on Code"): the chance that at least one of `k` attempts
 * drawn without replacement succeeds, `1 − C(attempts − correct, k) / C(attempts, k)`, in the stable
 * product form `1 − Π_{i = attempts − correct + 1}^{attempts} (1 − k / i)`. Needs `1 <= k <= attempts`.
 *
 * @example passAtK(10, 3, 1) // 0.3
 * @example passAtK(10, 3, 5) // 0.9166666666666666
 */
export function passAtK(attempts: number, correct: number, k: number): number {
  const where = 'passAtK'
  const n = checkCount(where, 'attempts', attempts, 1)
  const c = checkCount(where, 'correct', correct)
  checkCount(where, 'k', k, 1)
  if (c > n) throw new InvalidRangeError(where, 'correct', `must be at most attempts (${n}), got ${c}`)
  if (k > n) throw new InvalidRangeError(where, 'k', `must be at most attempts (${n}), got ${k}`)
  if (n - c < k) return 1
  let fail = 1
  if (c <= PASS_AT_K_TERMS) for (let i = n - c + 1; i <= n; i++) fail *= 1 - k / i
  // The same ratio as a product over k terms: Π_{j<k} (n − c − j) / (n − j).
  else if (k <= PASS_AT_K_TERMS) for (let j = 0; j < k; j++) fail *= (n - c - j) / (n - j)
  else fail = Math.exp(logBinomialRatio(n, c, k))
  return 1 - fail
}

/**
 * ln[C(n − c, k) / C(n, k)] for huge c and k (n − c ≥ k): the log-gamma differences by Stirling's series,
 * arranged so that the large terms cancel exactly (log1p) rather than in rounding.
 */
function logBinomialRatio(n: number, c: number, k: number): number {
  // ln Γ(a + c) − ln Γ(a) less its c·ln(a + c) − c, which is combined across the two terms below.
  const t = (a: number) => (a - 0.5) * Math.log1p(c / a) + 1 / (12 * (a + c)) - 1 / (12 * a)
  return t(n - c - k + 1) - t(n - c + 1) + c * Math.log1p(-k / (n + 1))
}

/** Beyond this many factors {@link passAtK} takes the shorter product, or Stirling's series. */
const PASS_AT_K_TERMS = 1e6

/**
 * pass@k of independent attempts that each succeed with probability `rate`: `1 − (1 − rate)^k`, the
 * chance that at least one of `k` attempts succeeds. `rate` is at most 1 (a lower confidence bound below
 * 0 is carried over as it is).
 *
 * @example passAtKOfRate(0.5, 2) // 0.75
 */
export function passAtKOfRate(rate: number, k: number): number {
  const where = 'passAtKOfRate'
  if (typeof rate !== 'number' || Number.isNaN(rate))
    throw new InvalidInputError(where, 'rate', `must be a number, got ${describeValue(rate)}`)
  if (!(rate <= 1)) throw new InvalidRangeError(where, 'rate', `must be at most 1, got ${rate}`)
  checkCount(where, 'k', k, 1)
  return 1 - (1 - rate) ** k
}

/**
 * The per-attempt success rate whose pass@k (of independent attempts) is `passAtK`: `1 − (1 − passAtK)^(1/k)`,
 * the inverse of {@link passAtKOfRate}. A claim on pass@k is a claim on this rate.
 *
 * @example rateOfPassAtK(0.75, 2) // 0.5
 */
export function rateOfPassAtK(passAtK: number, k: number): number {
  const where = 'rateOfPassAtK'
  checkUnit(where, 'passAtK', passAtK)
  checkCount(where, 'k', k, 1)
  return 1 - (1 - passAtK) ** (1 / k)
}
