export type { ActivityRow, Window, WindowActivity, ActivityQuery, ActivitySource } from './types.js';
export {
  candidateSql,
  matchesCandidate,
  type CandidateClause,
  type CandidateFilter,
  type CandidateRecord,
} from './candidate-sql.js';
export { eventColumnsSql } from './event-sql.js';
