/**
 * Local input files: discovery of CloudTrail files and folders (S3 layout, exports, standard input)
 * and the JavaScript reader that salvages malformed input record by record.
 * @module
 */
export { discoverInputs, type DiscoverOptions } from './discover.js';
export { spoolStdin, type SpooledStdin } from './spool-stdin.js';
export { type BatchWeight, MAX_BATCH_FILES, batches } from './batches.js';
export { FileTable } from './file-table.js';
export { type Discovery, type InputFile, type InputFormat, type SkippedFile, SkipReason } from './input.js';
export {
  MAX_RECORD_BYTES,
  NO_EVENT_TIME_LOWER_CASE,
  type ReadItem,
  type ReadOptions,
  RecordProblem,
  readRecords,
  type StreamInput,
} from './read.js';
