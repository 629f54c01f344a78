export type {
  ActivityRow,
  Window,
  WindowActivity,
  ActivityQuery,
  ActivitySource,
  DeliveryRange,
  ThinRequest,
  ThinSample,
} from './types.js';
export { ROW_SAMPLES } from './types.js';
export {
  candidateSql,
  matchesCandidate,
  candidateDispatch,
  CANDIDATE_COLUMNS,
  PREFILTER_FIELDS,
  type CandidateColumn,
  type FieldCondition,
  type CandidateClause,
  type CandidateFilter,
  type CandidateRecord,
} from './candidate-sql.js';
export { actionColumnsSql, eventColumnsSql, principalColumnsSql } from './event-sql.js';
export { callerOf, callerSql, clientTokenOf, MAX_CALLERS, networkKeyOf, splitCaller } from './caller-sql.js';
