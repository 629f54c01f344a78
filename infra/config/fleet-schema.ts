/**
 * The fleet parts of the deployment config: agent regions, the staged rollout and rollback, the monitor's
 * health thresholds, guard rails against switching agents off, and log-archive access as code.
 * @module
 */
import { z } from 'zod';

export const accountId = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : 'must be a quoted string, e.g. "123456789012" (YAML reads bare digits as a number)',
  })
  .regex(/^\d{12}$/, 'must be a 12-digit AWS account id (quote it in YAML)');
export const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name such as eu-west-1');
export const ouId = z
  .string()
  .regex(
    /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
    'must be an OU id (ou-xxxx-xxxxxxxx) or the root id (r-xxxx)',
  );
export const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN');
const percentage = z.number().int().min(0).max(100);

/** The first stage of a rollout: OUs (listed in targetOuIds) or accounts of the target OUs. */
export const canarySchema = z
  .object({
    organizationalUnitIds: z.array(ouId).default([]),
    accounts: z.array(accountId).default([]),
    failureTolerancePercentage: percentage.default(0),
    maxConcurrentPercentage: percentage.min(1).default(100),
  })
  .strict()
  .refine((c) => c.organizationalUnitIds.length > 0 !== c.accounts.length > 0, {
    message: 'name either organizationalUnitIds or accounts (one kind of canary)',
  });

/** Pins every agent to an earlier bundle: rolling back is this config change. */
export const pinSchema = z
  .object({
    /** The bundle's version label (the `agent_bundle` output of the deploy that shipped it). */
    version: z.string().regex(/^[\w.-]{1,128}$/, 'must be a version label such as 3f2a9c1d0b7e4a55'),
    /** Its S3 object version id in each agent region's artifact bucket (same output). */
    s3VersionIds: z.record(region, z.string().min(1).max(1024)),
  })
  .strict();

export const monitorSchema = z
  .object({
    scheduleMinutes: z.number().int().min(5).max(1440).default(60),
    /** Accounts expected to have no agent (suspended workloads, sandboxes outside the target OUs). */
    exemptAccounts: z.array(accountId).default([]),
    /** Alert when an agent failed this many runs in a row. */
    failedRunsAlert: z.number().int().min(1).max(1000).default(3),
    /** Alert when an agent's watermark is older than this (default: 6 agent intervals, at least 6 h). */
    staleWatermarkMinutes: z.number().int().min(30).max(100_000).optional(),
    /** Minutes the fleet gets to take a new agent version, from the first agent running it, before skew alerts. */
    rolloutGraceMinutes: z.number().int().min(0).max(100_000).default(1440),
    /** UTC hour of the SOC's daily fleet-health summary; null: none. */
    summaryHourUtc: z.number().int().min(0).max(23).nullable().default(8),
  })
  .strict();

export const guardRailsSchema = z
  .object({
    /**
     * A service control policy on the target OUs denying changes to the agent's stack, role, function,
     * schedule, table and workgroup to everyone but the StackSet execution role (needs the management account).
     */
    serviceControlPolicy: z.boolean().default(false),
    /** Principals (break-glass roles) the policy lets through besides the StackSet execution roles. */
    exemptPrincipalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*):[\w+=,.@/*-]+$/)).default([]),
    /** Forward the agent stack's deletion, drift and hand-made CloudFormation changes to the central bus, as alerts. */
    stackChangeAlerts: z.boolean().default(false),
  })
  .strict();

/** Log-archive access applied by Terraform through a provider for the log-archive account. */
export const logArchiveSchema = z
  .object({
    accountId,
    /** Region of the trail bucket (and of the replica). */
    region,
    /** Role in the log-archive account the deploying identity assumes. */
    deployRoleArn: roleArn,
    /**
     * `bucket-policy`: the trail bucket's policy (and the trail key's, when its file is given) is applied from
     * the committed files plus the agents' statements. `replica` (Control Tower, whose guard rails refuse and
     * revert bucket policy edits): the trail is replicated into a bucket this stack owns, and agents read that.
     */
    mode: z.enum(['bucket-policy', 'replica']).default('bucket-policy'),
    /** The trail bucket's current policy, exported once (`aws s3api get-bucket-policy`), relative to this file. */
    bucketPolicyFile: z.string().min(1).optional(),
    /** The trail key's current policy (`aws kms get-key-policy`), when the key is in the log-archive account. */
    keyPolicyFile: z.string().min(1).optional(),
    /** Days the replica keeps trail files (agents read recent days; a backfill needs its days there). */
    replicaRetentionDays: z.number().int().min(7).max(3650).default(120),
  })
  .strict()
  .superRefine((l, ctx) => {
    if (l.deployRoleArn.split(':')[4] !== l.accountId)
      ctx.addIssue({
        code: 'custom',
        path: ['deployRoleArn'],
        message: `must be a role in the log-archive account ${l.accountId}`,
      });
    if (l.mode === 'bucket-policy' && !l.bucketPolicyFile)
      ctx.addIssue({
        code: 'custom',
        path: ['bucketPolicyFile'],
        message:
          'is required in bucket-policy mode: export the trail bucket policy once (aws s3api get-bucket-policy --bucket <trail bucket> --query Policy --output text > log-archive-bucket-policy.json); Terraform then owns the whole policy',
      });
    if (l.mode === 'replica' && (l.bucketPolicyFile || l.keyPolicyFile))
      ctx.addIssue({
        code: 'custom',
        path: ['mode'],
        message: 'replica mode leaves the trail bucket and key policies alone: remove bucketPolicyFile/keyPolicyFile',
      });
  });

export type CanaryConfig = z.infer<typeof canarySchema>;
export type PinConfig = z.infer<typeof pinSchema>;
export type MonitorConfig = z.infer<typeof monitorSchema>;
export type GuardRailsConfig = z.infer<typeof guardRailsSchema>;
export type LogArchiveConfig = z.infer<typeof logArchiveSchema>;
