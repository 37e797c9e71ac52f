/**
 * Turns results into step outputs and the job summary. Pure: main.ts does
 * the writing.
 */
export { buildOutputs } from './outputs.js'
export { providerSha } from './types.js'
export { buildSummary } from './page.js'
export { headline } from './headline.js'
export type {
  FunctionMove,
  OutputContext,
  SizeBreakdown,
  SummaryExtras
} from './types.js'
