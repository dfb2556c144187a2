/**
 * The worker side of {@link monteCarlo} on a worker pool (tinypool): runs the draws `from` … `to − 1` of a
 * simulation given by module and export name, seeded exactly as the single-thread run seeds them (draw i
 * gets `${seed}/${i}`, through the same drawRange), and returns their values. Errors come back as data
 * (name, message, draw index, seed), so the main thread rethrows them with the same message.
 */
import { pathToFileURL } from 'node:url'
import { drawChecks, drawRange, type Sampler, SamplerError } from './sampler'

/** One task: a chunk of draws of the simulation. */
export interface MonteCarloTask {
  /** The simulation's module: an absolute path or a file: URL. */
  module: string
  /** The export that is the simulation (`'default'` for the default export). */
  exportName: string
  seed: string
  from: number
  to: number
}

/** What a task returns: the values, or the error that stopped it. */
export type MonteCarloTaskResult =
  | { values: Float64Array }
  | { error: { name: string; message: string; index?: number; seed?: string } }

const loaded = new Map<string, Promise<Sampler<number>>>()

/** Imports the simulation once per worker. */
export function loadSimulation(module: string, exportName: string): Promise<Sampler<number>> {
  const key = `${module}#${exportName}`
  let p = loaded.get(key)
  if (!p) {
    const url =
      /^[a-z]+:/i.test(module) && !/^[a-z]:[\\/]/i.test(module) ? module : pathToFileURL(module).href
    p = import(url).then((mod) => {
      const fn = exportName === 'default' ? (mod.default ?? mod) : mod[exportName]
      if (typeof fn !== 'function')
        throw new TypeError(
          `monteCarlo: the export ${JSON.stringify(exportName)} of ${module} must be a function (the simulation), got ${typeof fn}`,
        )
      return fn as Sampler<number>
    })
    loaded.set(key, p)
  }
  return p
}

/** Runs one chunk; tinypool calls the default export. */
export default async function runChunk(task: MonteCarloTask): Promise<MonteCarloTaskResult> {
  try {
    const fn = await loadSimulation(task.module, task.exportName)
    const { values } = await drawRange(fn, {
      from: task.from,
      to: task.to,
      seed: task.seed,
      timeoutMs: Number.POSITIVE_INFINITY,
      where: 'monteCarlo',
      check: drawChecks.finiteNumber,
    })
    return { values: Float64Array.from(values) }
  } catch (error) {
    const e = error as Error
    return {
      error: {
        name: e?.name ?? 'Error',
        message: e?.message ?? String(error),
        ...(error instanceof SamplerError ? { index: error.index, seed: error.seed } : {}),
      },
    }
  }
}
