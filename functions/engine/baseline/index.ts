export {
  Dimension,
  entryId,
  type EntryKey,
  type EntryClaim,
  type BaselineEntry,
  type PrincipalRecord,
  type Checkpoint,
  type BaselineCommit,
  type ClaimResult,
  type BaselineStore,
} from './types.js';
