export { Rollout, terraformLiteral, type CanaryStage, type RolloutOptions, type StagePace } from './rollout.js';
export { trailBucketStatements, trailKeyStatement, type TrailReadPolicyOptions } from './log-archive-policy.js';
