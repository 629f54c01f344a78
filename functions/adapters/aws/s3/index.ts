export {
  type ConfigObject,
  configObjectReader,
  type ConfigObjectOptions,
  parseS3Uri,
  s3Client,
} from './config-object.js';
export { S3InputError, s3InputError } from './errors.js';
export { descend, placeOfPrefix, type Level, type Place } from './layout-walk.js';
export { listTrailObjects, type ListTrailOptions, type TrailListing, type TrailObject } from './trail-listing.js';
export { cachedPath, downloadObjects, type DownloadCounts, type DownloadOptions } from './trail-download.js';
