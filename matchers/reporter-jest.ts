/** `probably/reporter/jest`: the suite report for Jest (see reporter.ts). */
import { ProbablyJestReporter } from './reporter'

export type { ProbablyReporterOptions, SuiteReport, WrittenReport } from './reporter'
export { mergeReportFolders, ProbablyJestReporter, readShardReports, writeReport } from './reporter'
export default ProbablyJestReporter
