// Runs every benchmark in bench/ (files named *.bench.mjs), each comparing with its scipy counterpart.
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
for (const f of readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()) {
  console.log(`\n=== ${f} ===`)
  execFileSync(process.execPath, [join(here, f)], { stdio: 'inherit' })
}
