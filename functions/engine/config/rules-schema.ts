/** Rule settings: rules switched off, severities replaced, thresholds tuned. */
import { z } from 'zod';

const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);

export const rulesConfigSchema = z
  .object({
    /** Rule id globs not to run (e.g. `aws.ec2.network-acl-opened-to-world`, `aws.logs.*`). */
    disabled: z.array(z.string().min(1)).default([]),
    /** Rule id -> severity replacing the rule's own (built-in `aws.*` ids and Sigma `sigma.*` ids). */
    severity: z
      .record(
        z
          .string()
          .regex(
            /^(aws\.[a-z0-9]+\.[a-z0-9-]+|sigma\.[a-z0-9-]+)$/,
            'a rule id like aws.cloudtrail.trail-stopped or sigma.my-rule',
          ),
        severity,
      )
      .default({}),
    /**
     * Folders (or single files) of Sigma rules for CloudTrail (`logsource: product: aws, service: cloudtrail`),
     * relative to the config file; each rule's cases may sit beside it as `<rule>.cases.jsonl`.
     */
    sigma: z.array(z.string().min(1)).default([]),
    /** Sliding spans of the window rules (bursts): judged at every call over the last `minutes`. */
    burst: z
      .object({
        /** Span of every window rule, in minutes. */
        minutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(60),
        /** How late CloudTrail may deliver a call and still have it counted exactly (state kept this long beyond the span). */
        lateMinutes: z
          .number()
          .int()
          .min(0)
          .max(7 * 24 * 60)
          .default(180),
        /** Rule id -> span in minutes, replacing `minutes` for that rule. */
        perRule: z
          .record(
            z.string().min(1),
            z
              .number()
              .int()
              .min(1)
              .max(24 * 60),
          )
          .default({}),
      })
      .strict()
      .prefault({}),
    thresholds: z
      .object({
        failedConsoleLogins: z.number().int().min(1).default(5),
        bulkSuppressedFindings: z.number().int().min(1).default(5),
        secretsRetrieved: z.number().int().min(1).default(10),
        parametersDecrypted: z.number().int().min(1).default(10),
        passwordDataInstances: z.number().int().min(1).default(5),
        userDataInstances: z.number().int().min(1).default(5),
        remoteAccessInstances: z.number().int().min(1).default(3),
        lifecycleExpirationDays: z.number().int().min(1).default(3),
        bedrockRegions: z.number().int().min(2).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Rule settings after defaults. */
export type RulesConfig = z.infer<typeof rulesConfigSchema>;
