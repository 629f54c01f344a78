export type { CloudTrailRecord, UserIdentity, SessionContext } from './record.js';
export { get, getString, actionOf, accountOf, withoutNulls } from './record.js';
export { IdentityType, principalOf, type Principal } from './principal.js';
export { ServiceCallReason, serviceCallReason } from './service-call.js';
export { Dialect, principalSql, serviceCallSql, type PrincipalSql } from './principal-sql.js';
export {
  CLOUDTRAIL_COLUMNS,
  USER_IDENTITY_COLUMN,
  duckdbColumnsArgument,
  duckdbRecordType,
  type ColumnSpec,
} from './columns.js';
export { EVENT_TIME_PATTERN, parseEventTime, toIso } from './event-time.js';
export {
  classifyPath,
  deliveredAtOf,
  inputExtension,
  INPUT_EXTENSIONS,
  PathKind,
  type Layout,
  type PathInfo,
} from './layout.js';
export { deliveryDays, isSelective, selectsLayout, type LayoutSelection } from './layout-select.js';
