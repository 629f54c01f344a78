export { mergePolicy, TrailPolicies, type TrailPoliciesOptions } from './trail-policies.js';
export { TrailReplica, type TrailReplicaOptions } from './trail-replica.js';
