export { Rollout, terraformLiteral, type RolloutOptions } from './rollout.js';
export { trailBucketStatements, trailKeyStatement, type TrailReadPolicyOptions } from './log-archive-policy.js';
