/** The self-contained HTML report of a scan: `renderReport(input)` and reading saved alerts. */
export { renderReport } from './render.js';
export { parseAlertLine, readAlerts, type AlertLine, type ReadAlertsOptions } from './read-alerts.js';
export { baselineSummaries, type BaselineReader } from './baselines.js';
export { buildReportData, defaultLimits, shellQuote, type ListData, type DetailsData } from './model.js';
export { jsonForScript, escapeHtml } from './embed.js';
export type {
  ReportInput,
  ReportLimits,
  ReportSource,
  ActivityPoint,
  BaselineSummary,
  ReportPrincipal,
  ReportTrail,
  ReportTrailEvent,
} from './types.js';
