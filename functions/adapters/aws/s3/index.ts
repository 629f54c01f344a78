export {
  type ConfigObject,
  configObjectReader,
  type ConfigObjectOptions,
  parseS3Uri,
  s3Client,
} from './config-object.js';
