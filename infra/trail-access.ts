/**
 * How the agents reach the organization trail, from the config: the trail bucket itself (its policy applied
 * here when `logArchive` names the log-archive account, printed as outputs otherwise), or, in Control
 * Tower landing zones (`logArchive.mode: replica`), a replica this stack owns in the log-archive account.
 * @module
 */
import type { Construct } from 'constructs';
import { TrailPolicies, TrailReplica } from '../modules/log-archive/index.js';
import { type KmsKeyByAlias, type TrailLocation, trailKeyPrefix } from '../modules/member-agent/index.js';
import { trailBucketStatements, trailKeyStatement } from '../modules/rollout/index.js';
import type { CentralNames, MemberNames } from '../modules/shared/index.js';
import type { DeployConfig, LogArchivePolicies } from './config/index.js';
import type { Providers } from './providers.js';

/** The trail as the agents read it. */
export type AgentTrail = TrailLocation & { kmsKeyArn?: string; kmsKeyAlias?: KmsKeyByAlias };

/** Applies the log-archive side (when configured) and returns the trail location the agents read. */
export function trailAccess(
  scope: Construct,
  config: DeployConfig,
  names: { central: CentralNames; member: MemberNames },
  providers: Providers,
  policies: LogArchivePolicies,
): AgentTrail {
  const { trail, partition, logArchive } = config;
  const source: AgentTrail = { ...trail, organizationId: config.organization.id };
  const policyOptions = (t: AgentTrail) => ({ partition, trail: t, agentRolePrefix: names.member.agentRolePrefix });
  if (!logArchive || !providers.logArchive) return source;

  if (logArchive.mode === 'bucket-policy') {
    new TrailPolicies(scope, 'log-archive', {
      bucket: trail.bucket,
      bucketPolicy: { base: policies.bucket!, statements: trailBucketStatements(policyOptions(source)) },
      ...(trail.kmsKeyArn && policies.key
        ? {
            keyPolicy: {
              keyArn: trail.kmsKeyArn,
              base: policies.key,
              statement: trailKeyStatement(policyOptions(source)),
              provider: providers.logArchive.key,
            },
          }
        : {}),
      provider: providers.logArchive.bucket,
    });
    return source;
  }

  const replicaBucket = names.central.trailReplica(logArchive.accountId, logArchive.region);
  const alias = names.central.trailReplicaKeyAlias;
  const replicaTrail: AgentTrail = {
    ...source,
    bucket: replicaBucket,
    kmsKeyArn: undefined,
    ...(trail.kmsKeyArn
      ? {
          kmsKeyAlias: {
            keyArnPattern: `arn:${partition}:kms:${logArchive.region}:${logArchive.accountId}:key/*`,
            alias,
          },
        }
      : {}),
  };
  new TrailReplica(scope, 'trail-replica', {
    partition,
    accountId: logArchive.accountId,
    region: logArchive.region,
    sourceBucket: trail.bucket,
    keyPrefix: trailKeyPrefix(source),
    ...(trail.kmsKeyArn ? { sourceKmsKeyArn: trail.kmsKeyArn } : {}),
    replicaBucket,
    replicationRoleName: names.central.replicationRole,
    replicaKeyAlias: alias,
    retentionDays: logArchive.replicaRetentionDays,
    agentStatements: (bucket) => trailBucketStatements(policyOptions({ ...source, bucket })),
    agentKeyStatement: trailKeyStatement(policyOptions(replicaTrail)),
    provider: providers.logArchive.bucket,
  });
  return replicaTrail;
}
