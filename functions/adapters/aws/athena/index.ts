export {
  AthenaActivitySource,
  type AthenaActivitySourceOptions,
  type AthenaSourceStats,
  type QueryRunner,
} from './activity-source.js';
export { runQuery, readResults, type AthenaQueryOptions, type AthenaSender, type QueryStats } from './query.js';
export { AthenaQueryError, AthenaTimeoutError } from './errors.js';
export { activityQuerySql, partitionPredicate, pathPredicate, type ActivityQuerySqlOptions } from './sql.js';
export { partitionDate, partitionDates } from './partitions.js';
export { activityRowOf, candidatesOf, recordOf, type TextRow } from './parse.js';
export { sqlDialect, type SqlDialect } from './dialect.js';
