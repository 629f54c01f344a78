export { Central, type CentralOptions } from './central.js';
export { ArtifactBucket, agentVersionLabel, type ArtifactBucketOptions } from './artifact-bucket.js';
export {
  AGGREGATOR_TIMEOUT_SECONDS,
  secretArn,
  type AggregatorSinks,
  type DeployedConfigObject,
} from './aggregator.js';
export { policyDocument, type Statement } from './iam.js';
export type { Subscription } from './notifications.js';
