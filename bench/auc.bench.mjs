// ROC-AUC on 10^6 scores: probably's rocAuc against scikit-learn's roc_auc_score on the same data.
// Run: npx tsup && node bench/auc.bench.mjs   (or `npm run bench` for every benchmark)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRng, rocAuc } from '../dist/index.js'

const n = 1_000_000
const rng = createRng('auc-bench')
const actual = new Float64Array(n)
const scores = new Float64Array(n)
for (let i = 0; i < n; i++) {
  actual[i] = rng() < 0.3 ? 1 : 0
  scores[i] = rng.normal(actual[i] * 0.8, 1)
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function time(f, runs) {
  f() // warm-up
  f()
  const ts = []
  let value
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint()
    value = f()
    ts.push(Number(process.hrtime.bigint() - t0) / 1e9)
  }
  return { value, seconds: median(ts) }
}

const dir = mkdtempSync(join(tmpdir(), 'probably-auc-'))
try {
  writeFileSync(join(dir, 'y.f64'), Buffer.from(actual.buffer))
  writeFileSync(join(dir, 's.f64'), Buffer.from(scores.buffer))
  const py = `
import json, sys, time
import numpy as np
from sklearn.metrics import roc_auc_score
y = np.fromfile(sys.argv[1] + '/y.f64', dtype=np.float64).astype(int)
s = np.fromfile(sys.argv[1] + '/s.f64', dtype=np.float64)
roc_auc_score(y, s)
ts = []
for _ in range(5):
    t0 = time.perf_counter(); v = roc_auc_score(y, s); ts.append(time.perf_counter() - t0)
print(json.dumps({"auc": v, "seconds": sorted(ts)[2]}))
`
  const sk = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, dir], { encoding: 'utf8' }))
  const typed = time(() => rocAuc(actual, scores), 7)
  const plainActual = Array.from(actual)
  const plainScores = Array.from(scores)
  const plain = time(() => rocAuc(plainActual, plainScores), 7)
  const diff = Math.abs(typed.value - sk.auc)
  if (!(diff < 1e-12)) throw new Error(`AUC differs from scikit-learn's: ${typed.value} vs ${sk.auc}`)
  const row = (name, s) =>
    console.log(
      `${name.padEnd(34)} ${(s * 1000).toFixed(1).padStart(8)} ms   ratio to sklearn ${(s / sk.seconds).toFixed(3)}`,
    )
  console.log(`rocAuc, n = ${n}, AUC = ${typed.value.toFixed(6)} (|Δ| vs sklearn = ${diff.toExponential(1)})`)
  row('sklearn roc_auc_score', sk.seconds)
  row('rocAuc (Float64Array inputs)', typed.seconds)
  row('rocAuc (plain arrays)', plain.seconds)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
