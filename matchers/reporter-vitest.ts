/** `probably/reporter/vitest`: the suite report for Vitest (see reporter.ts). */
import { ProbablyVitestReporter } from './reporter'

export type { ProbablyReporterOptions, SuiteReport, WrittenReport } from './reporter'
export { mergeReportFolders, ProbablyVitestReporter, readShardReports, writeReport } from './reporter'
export default ProbablyVitestReporter
