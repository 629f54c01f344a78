/**
 * The deployment config (`ct-anomaly.config.yaml`): where the organization's trail is, which accounts
 * get an agent, where the central stack lives and where alerts go. Read only by `infra/main.ts`;
 * everything below receives the parsed, typed value.
 * @module
 */
import { z } from 'zod';
import {
  accountId,
  canarySchema,
  guardRailsSchema,
  logArchiveSchema,
  monitorSchema,
  ouId,
  pinSchema,
  region,
  roleArn,
} from './fleet-schema.js';

const secretName = z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a Secrets Manager secret name');
const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
    'must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias',
  );

export const CallAs = { DelegatedAdmin: 'DELEGATED_ADMIN', Self: 'SELF' } as const;
export type CallAs = (typeof CallAs)[keyof typeof CallAs];

export const LogLevel = { Debug: 'debug', Info: 'info', Warn: 'warn', Error: 'error' } as const;

/** The retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const subscription = z
  .object({
    protocol: z.enum(['email', 'email-json', 'https', 'sqs', 'lambda', 'sms']),
    endpoint: z.string().min(1),
  })
  .strict();

export const deployConfigSchema = z
  .object({
    /**
     * The detection config (the file `ct-anomaly scan --config` reads: learning period, windows, rules,
     * suppressions, scoring, alert routing), relative to this file. Validated at synth, delivered to the
     * agents and the aggregator as an object they read at every run. Absent: the built-in defaults.
     */
    detectionConfig: z.string().min(1).optional(),
    /** Prefix of every resource name (lowercase letters, digits, dashes). */
    prefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, 'must be 3-20 lowercase letters, digits or dashes')
      .default('ct-anomaly'),
    /** AWS partition of every ARN (aws, aws-us-gov, aws-cn). */
    partition: z.enum(['aws', 'aws-us-gov', 'aws-cn']).default('aws'),
    organization: z
      .object({
        id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id such as o-a1b2c3d4e5'),
        managementAccountId: accountId,
        /** OUs (or the root `r-xxxx`) whose accounts, current and future, get an agent. */
        targetOuIds: z.array(ouId).min(1, 'list at least one OU id or the root id'),
      })
      .strict(),
    central: z
      .object({
        /** The security/tooling account the stack is deployed into. */
        accountId,
        region,
      })
      .strict(),
    trail: z
      .object({
        /** The organization trail's bucket (usually in the log-archive account). */
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
        /** The trail's S3 key prefix, without slashes at either end; empty when it has none. */
        prefix: z
          .string()
          .regex(/^([^/].*[^/]|[^/])?$/, 'must not start or end with a slash')
          .default(''),
        /** Whether the path carries the organization id (`AWSLogs/o-xxx/ACCOUNT/`): true for organization trails. */
        organizationIdInPath: z.boolean().default(true),
        /** The trail's SSE-KMS key, when the trail encrypts with one. */
        kmsKeyArn: kmsKeyArn.optional(),
        /** Regions present in the trail (the partition projection's region enum). */
        regions: z.array(region).min(1, 'list the regions the trail records'),
        /** First day the projection covers (yyyy/MM/dd). */
        startDate: z
          .string()
          .regex(/^\d{4}\/\d{2}\/\d{2}$/, 'must be yyyy/MM/dd')
          .default('2020/01/01'),
      })
      .strict(),
    agents: z
      .object({
        /** The region each account's agent runs in (it reads every region of the trail, unless `regions` splits them). */
        homeRegion: region,
        /**
         * Several agent regions: agent region -> the trail regions its agent reads (each trail region read by
         * exactly one agent region; the home region among them). Absent: one agent, in the home region, reads all.
         */
        regions: z.record(region, z.array(region).min(1)).optional(),
        /** Agent bundles kept in the artifact buckets (current and earlier, for rollback). */
        keepVersions: z.number().int().min(1).max(100).default(5),
        /** Roll back: pin every agent to an earlier bundle. */
        pinVersion: pinSchema.optional(),
        /** Minutes between runs: 5 keeps event-to-alert under 20 minutes at p95 (bench/aws-calls.ts). */
        scheduleMinutes: z.number().int().min(5).max(1440).default(5),
        maxWindowsPerRun: z.number().int().min(1).max(168).default(24),
        logLevel: z.enum(Object.values(LogLevel) as [string, ...string[]]).default('info'),
        logRetentionDays: z
          .number()
          .int()
          .refine((days) => LOG_RETENTION_DAYS.includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
          .default(90),
        memoryMb: z.number().int().min(256).max(10240).default(1024),
        timeoutSeconds: z.number().int().min(60).max(900).default(900),
        /**
         * Reserve one concurrent execution so runs never overlap. Off by default: an account still at the
         * 10-execution Lambda quota (every new account) rejects any reservation and fails its stack instance.
         */
        reservedConcurrency: z.boolean().default(false),
        /** Athena stops (and bills no further) a query that scans more than this. */
        athenaBytesScannedCutoff: z
          .number()
          .int()
          .min(10 * 1024 * 1024)
          .default(50 * 1024 ** 3),
        athenaResultsExpiryDays: z.number().int().min(1).max(365).default(7),
        pointInTimeRecovery: z.boolean().default(false),
      })
      .strict(),
    sinks: z
      .object({
        sns: z
          .object({ subscriptions: z.array(subscription).default([]) })
          .strict()
          .default({ subscriptions: [] }),
        splunk: z
          .object({ hecUrl: z.url({ protocol: /^https$/ }), tokenSecretName: secretName })
          .strict()
          .optional(),
        slack: z.object({ webhookSecretName: secretName }).strict().optional(),
        securityHub: z.boolean().default(false),
      })
      .strict()
      .default({ sns: { subscriptions: [] }, securityHub: false }),
    monitor: monitorSchema.default(monitorSchema.parse({})),
    alarms: z
      .object({
        /** Where CloudWatch alarms (errors, DLQ depth, finding surges, silent agents) are sent. */
        subscriptions: z.array(subscription).default([]),
        /** Findings per hour across the organization above which an alarm fires. */
        findingsPerHour: z.number().int().min(1).default(200),
      })
      .strict()
      .default({ subscriptions: [], findingsPerHour: 200 }),
    stackSet: z
      .object({
        /** DELEGATED_ADMIN when the central account is a registered delegated administrator for StackSets; SELF when deploying from the management account. */
        callAs: z.enum([CallAs.DelegatedAdmin, CallAs.Self]).default(CallAs.DelegatedAdmin),
        /** Failure tolerance and concurrency of the main stage (every target account not in the canary). */
        failureTolerancePercentage: z.number().int().min(0).max(100).default(10),
        maxConcurrentPercentage: z.number().int().min(1).max(100).default(25),
        /** A first stage: a new agent version reaches these accounts first, and the rest only if it succeeds. */
        canary: canarySchema.optional(),
      })
      .strict()
      .default({ callAs: CallAs.DelegatedAdmin, failureTolerancePercentage: 10, maxConcurrentPercentage: 25 }),
    guardRails: guardRailsSchema.default(guardRailsSchema.parse({})),
    /** The log-archive account: when named, its trail access is applied by Terraform (see docs/deploy.md). */
    logArchive: logArchiveSchema.optional(),
    managementAccount: z
      .object({
        /** Deploy the agent into the management account too (StackSets never reach it). */
        installAgent: z.boolean().default(true),
        /** Role in the management account the deploying identity assumes (needed unless you deploy from it). */
        deployRoleArn: roleArn.optional(),
      })
      .strict()
      .default({ installAgent: true }),
    /** Terraform state: local file by default, or an S3 backend. */
    state: z
      .object({
        s3: z
          .object({
            bucket: z.string().min(3),
            key: z.string().min(1).default('ct-anomaly/terraform.tfstate'),
            region,
            dynamodbTable: z.string().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    tags: z.record(z.string(), z.string()).default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const { central, managementAccount, stackSet, organization } = config;
    const deploysFromManagement = central.accountId === organization.managementAccountId;
    const needsManagementRole = managementAccount.installAgent || stackSet.callAs === CallAs.Self;
    if (needsManagementRole && !deploysFromManagement && !managementAccount.deployRoleArn) {
      ctx.addIssue({
        code: 'custom',
        path: ['managementAccount', 'deployRoleArn'],
        message: `is required: the management account (${organization.managementAccountId}) is not the central account, and ${
          stackSet.callAs === CallAs.Self ? 'stackSet.callAs is SELF' : 'managementAccount.installAgent is true'
        } (or set installAgent: false and callAs: DELEGATED_ADMIN)`,
      });
    }
    if (config.guardRails.serviceControlPolicy && !deploysFromManagement && !managementAccount.deployRoleArn) {
      ctx.addIssue({
        code: 'custom',
        path: ['guardRails', 'serviceControlPolicy'],
        message:
          'needs managementAccount.deployRoleArn: service control policies are managed from the management account',
      });
    }
    checkFleet(config, ctx);
    const roleAccount = managementAccount.deployRoleArn?.split(':')[4];
    if (roleAccount && roleAccount !== organization.managementAccountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['managementAccount', 'deployRoleArn'],
        message: `must be a role in the management account ${organization.managementAccountId}, not ${roleAccount}`,
      });
    }
  });

/** The deployment config after defaults. */
export type DeployConfig = z.infer<typeof deployConfigSchema>;

type Ctx = z.RefinementCtx;

/** Agent regions cover the trail exactly once, the canary is part of the targets, a pin covers every agent region. */
function checkFleet(config: DeployConfig, ctx: Ctx): void {
  const { agents, trail, stackSet, organization } = config;
  const regions: Record<string, string[]> = agents.regions ?? { [agents.homeRegion]: trail.regions };
  if (agents.regions) {
    if (!regions[agents.homeRegion])
      ctx.addIssue({
        code: 'custom',
        path: ['agents', 'regions'],
        message: `must include the home region ${agents.homeRegion}`,
      });
    const seen = new Map<string, string>();
    for (const [agentRegion, read] of Object.entries(regions)) {
      for (const r of read) {
        if (!trail.regions.includes(r))
          ctx.addIssue({
            code: 'custom',
            path: ['agents', 'regions', agentRegion],
            message: `${r} is not in trail.regions`,
          });
        const other = seen.get(r);
        if (other)
          ctx.addIssue({
            code: 'custom',
            path: ['agents', 'regions', agentRegion],
            message: `${r} is already read by the agent in ${other} (each trail region is read by one agent region)`,
          });
        seen.set(r, agentRegion);
      }
    }
    const unread = trail.regions.filter((r) => !seen.has(r));
    if (unread.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['agents', 'regions'],
        message: `no agent region reads ${unread.join(', ')}`,
      });
  }
  const canary = stackSet.canary;
  for (const ou of canary?.organizationalUnitIds ?? []) {
    if (!organization.targetOuIds.includes(ou))
      ctx.addIssue({
        code: 'custom',
        path: ['stackSet', 'canary', 'organizationalUnitIds'],
        message: `${ou} must also be listed in organization.targetOuIds (a canary OU is a target deployed first)`,
      });
  }
  if (
    canary &&
    canary.organizationalUnitIds.length >= organization.targetOuIds.length &&
    canary.organizationalUnitIds.length > 0
  )
    ctx.addIssue({
      code: 'custom',
      path: ['stackSet', 'canary', 'organizationalUnitIds'],
      message: 'leaves no OU for the main stage: the canary must be a part of organization.targetOuIds',
    });
  if (agents.pinVersion) {
    const missing = Object.keys(regions).filter((r) => !agents.pinVersion!.s3VersionIds[r]);
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['agents', 'pinVersion', 's3VersionIds'],
        message: `needs the version id in every agent region (missing ${missing.join(', ')}): copy them from the agent_bundle output of the deploy that shipped ${agents.pinVersion.version}`,
      });
  }
  if (config.logArchive && trail.kmsKeyArn && config.logArchive.keyPolicyFile) {
    const keyAccount = trail.kmsKeyArn.split(':')[4];
    if (keyAccount !== config.logArchive.accountId)
      ctx.addIssue({
        code: 'custom',
        path: ['logArchive', 'keyPolicyFile'],
        message: `the trail key is in account ${keyAccount}, not the log-archive account ${config.logArchive.accountId}: add its statement by hand (output trail_kms_key_policy_statement)`,
      });
  }
}

/** The agent regions of a config and the trail regions each reads (one region reading all by default). */
export function agentRegionsOf(config: Pick<DeployConfig, 'agents' | 'trail'>): Record<string, string[]> {
  return config.agents.regions ?? { [config.agents.homeRegion]: [...config.trail.regions] };
}
