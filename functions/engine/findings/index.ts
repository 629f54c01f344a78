export {
  Severity,
  SEVERITIES,
  compareSeverity,
  FindingKind,
  FINDING_SCHEMA_VERSION,
  findingSchema,
  principalSchema,
  evidenceSchema,
  parseFinding,
  type Finding,
} from './schema.js';
export { ALERT_SCHEMA_VERSION, AlertKind, alertSchema, type Alert } from './alert.js';
export { fingerprint, firstSeenFindingId, ruleFindingId } from './fingerprint.js';
export { trimRecord, type TrimOptions } from './trim.js';
export {
  findingGroupKey,
  groupFindings,
  heartbeatFailed,
  RunErrorClass,
  type FindingBus,
  type FindingBatch,
  type PublishResult,
  type Heartbeat,
} from './bus.js';
export { alertToOcsf, OCSF_VERSION, type OcsfOptions, type OcsfDetectionFinding } from './ocsf.js';
export { alertToAsff, asffTypes, type AsffOptions, type AsffFinding } from './asff.js';
export {
  bandOf,
  clampScore,
  DEFAULT_SEVERITY_THRESHOLDS,
  lowerSeverity,
  maxSeverity,
  type SeverityThresholds,
  severityForScore,
} from './score-bands.js';
