/**
 * The one configuration schema for detection (YAML or JSON file, `--config`): detection settings,
 * organization accounts, suppressions, scoring and rule settings, plus the Netflix cloudtrail-anomaly
 * keys (`roleAction.dayThreshold`, `roleAction.IgnoredActionsNotify`) accepted as they are. CLI flags
 * and the Lambda environment override these values.
 * @module
 */
import { z } from 'zod';
import { alertsConfigSchema } from './alerts-schema.js';
import { rulesConfigSchema } from './rules-schema.js';
import { scoringConfigSchema } from './scoring-schema.js';
import { suppressionSchema } from './suppression-schema.js';

export const detectionConfigSchema = z
  .object({
    /** Days from a principal's first observation during which its new actions are learned silently. */
    learningDays: z.number().int().min(0).default(14),
    /**
     * A new agent (empty baseline) first learns the deliveries of the last N days, a day per step across
     * runs, before it reports; 0 starts reporting at once. The scan learns from the input it is given.
     */
    bootstrapDays: z.number().int().min(0).max(365).default(14),
    /** Days without use after which a baseline entry is forgotten (sliding TTL). */
    ttlDays: z.number().int().min(1).default(90),
    /** Days without activity after which a principal record is forgotten (its learning restarts). */
    principalTtlDays: z.number().int().min(1).default(365),
    /** lastSeen/expiresAt of a known entry are rewritten only when older than this. */
    refreshDays: z.number().min(0).default(1),
    /** Window length in minutes. */
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    /**
     * Minutes after its delivery stamp by which a CloudTrail file is surely in S3: a run reads deliveries
     * stamped up to now minus this (the next run reads the rest). A scan warns about files stamped this much
     * before what it had read that were copied in since.
     */
    lagMinutes: z.number().int().min(0).default(5),
    /** An event stamped later than this many minutes past its delivery (or now) is `future-timestamp`. */
    futureToleranceMinutes: z.number().int().min(0).default(15),
    /** Include calls AWS services make on a principal's behalf (excluded by default). */
    includeServiceCalls: z.boolean().default(false),
    /**
     * Dimensions learned per principal besides actions (same learning period, TTL and refresh): where
     * from (`network`), with what (`client`), `region`, `errorCode` family, and `network+client` pairs.
     */
    dimensions: z
      .array(z.enum(['network', 'client', 'region', 'errorCode', 'network+client']))
      .default(['network', 'client', 'region', 'errorCode', 'network+client']),
    /** Values of one dimension kept per principal and window (bounds the baseline reads of a run). */
    maxValuesPerWindow: z.number().int().min(1).max(100).default(8),
    /** Which detectors run. */
    detectors: z
      .array(z.enum(['first-seen', 'rules']))
      .min(1)
      .default(['first-seen', 'rules']),
  })
  .strict();

/** Detection settings after defaults. */
export type DetectionConfig = z.infer<typeof detectionConfigSchema>;

/** The defaults, as a value. */
export const DEFAULT_DETECTION_CONFIG: DetectionConfig = detectionConfigSchema.parse({});

const accountId = z
  .string()
  .regex(/^\d{12}$/, 'an account id is 12 digits (quote it in YAML so leading zeros survive)');

/** The Netflix cloudtrail-anomaly `roleAction` block, accepted as written in its config.yml. */
export const netflixRoleActionSchema = z
  .object({
    /** Netflix's learning period in days: mapped onto `learningDays`. */
    dayThreshold: z.number().int().min(0).optional(),
    /** Actions never to notify about (`sts.amazonaws.com:GetCallerIdentity`): mapped onto suppressions. */
    IgnoredActionsNotify: z.array(z.string().min(1)).nullish(),
  })
  .strict();

/** Everything the config file may hold. */
export const configFileSchema = z
  .object({
    ...detectionConfigSchema.shape,
    /** Accounts of the organization: sharing with any other account counts as "outside". */
    organizationAccountIds: z.array(accountId).nullable().default(null),
    suppressions: z.array(suppressionSchema).default([]),
    scoring: scoringConfigSchema.prefault({}),
    rules: rulesConfigSchema.prefault({}),
    /** What becomes of findings: dedup retention, correlation across accounts, prevalence, routing. */
    alerts: alertsConfigSchema.prefault({}),
    roleAction: netflixRoleActionSchema.optional(),
    /** The Netflix file's deployment block: accepted and ignored (ct-anomaly deploys with cdktf). */
    aws: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.alerts.retentionDays >= c.ttlDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['alerts', 'retentionDays'],
        message: `must be shorter than ttlDays (${c.ttlDays}): a pair forgotten by the baseline and seen again must alert again`,
      });
    }
  });

/** The config file after validation, before the Netflix keys are folded in. */
export type ConfigFile = z.infer<typeof configFileSchema>;

/** The detection configuration the engine uses. */
export type Config = Omit<ConfigFile, 'roleAction' | 'aws'>;

/** The defaults of the whole configuration. */
export const DEFAULT_CONFIG: Config = (({ roleAction: _r, aws: _a, ...rest }) => rest)(configFileSchema.parse({}));
