export type { ActivityRow, Window, WindowActivity, ActivityQuery, ActivitySource } from './types.js';
export { candidateSql, matchesCandidate, type CandidateClause, type CandidateFilter } from './candidate-sql.js';
