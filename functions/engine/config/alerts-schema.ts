/**
 * Alert settings (the config file's `alerts` block): what the aggregator does with findings, in the
 * scan and in the central Lambda alike: dedup retention, correlation, org prevalence and routing.
 * @module
 */
import { z } from 'zod';

const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);

/** Actor key kinds the correlator reads from findings. */
export const ActorKind = {
  AccessKey: 'access-key',
  SourceIp: 'source-ip',
  SessionName: 'session-name',
  PrincipalPattern: 'principal-pattern',
  ExternalPrincipal: 'external-principal',
  /** The same network new for several workload principals at once (one actor holding several stolen credentials). */
  NewNetwork: 'new-network',
} as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

const sinkRoute = z
  .object({
    /** Lowest severity this sink receives (default: `routing.minSeverity`). */
    minSeverity: severity.optional(),
    /** Alert kinds this sink receives (default: all). */
    kinds: z.array(z.enum(['first-seen', 'rule', 'incident', 'health'])).optional(),
    /** Whether suppressed alerts go to this sink (default false: they are only counted). */
    includeSuppressed: z.boolean().default(false),
  })
  .strict();

export const alertsConfigSchema = z
  .object({
    /** Days a finding id is remembered for dedup. Must be shorter than `ttlDays` (a pair forgotten by the baseline and seen again must alert again). */
    retentionDays: z.number().int().min(1).default(30),
    /** Seconds a claim on a finding protects it from a concurrent invocation (a crash frees it after this). */
    claimLeaseSeconds: z.number().int().min(10).default(300),
    correlation: z
      .object({
        /** Findings sharing an actor within this many minutes (by event time) are one incident. */
        windowMinutes: z
          .number()
          .int()
          .min(1)
          .default(24 * 60),
        /** Accounts an actor must span to make an incident. */
        minAccounts: z.number().int().min(2).default(2),
        keys: z
          .array(
            z.enum([
              'access-key',
              'source-ip',
              'session-name',
              'principal-pattern',
              'external-principal',
              'new-network',
            ]),
          )
          .default([
            'access-key',
            'source-ip',
            'session-name',
            'principal-pattern',
            'external-principal',
            'new-network',
          ]),
        /** Source IPs or CIDRs never used to correlate (corporate egress, VPN, scanners you run). */
        ignoreSourceIps: z.array(z.string()).default([]),
        /** Regular expressions on principal ARNs/keys never used to correlate (org automation deploying everywhere). */
        ignorePrincipalPatterns: z
          .array(z.string())
          .default([
            'AWSControlTowerExecution',
            'AWSCloudFormationStackSetExecutionRole',
            'stacksets-exec-',
            '/aws-service-role/',
            'AWSServiceRole',
            'ct-anomaly',
          ]),
        /** Regular expressions on role session names too generic to identify an actor. */
        ignoreSessionNames: z.array(z.string()).default([]),
      })
      .strict()
      .prefault({}),
    prevalence: z
      .object({
        /** Days an account keeps counting for an action after it was last reported. */
        ttlDays: z.number().int().min(1).default(90),
        /** Other accounts that must have an action before a first-seen of it is dampened... */
        commonMinAccounts: z.number().int().min(1).default(3),
        /** ...and the share of the other known accounts they must make up. */
        commonFraction: z.number().min(0).max(1).default(0.2),
        /** Known accounts needed before "never seen anywhere in the org" means something. */
        rareMinKnownAccounts: z.number().int().min(2).default(3),
        /** Score points removed when every new action of an alert is common in the org. */
        dampen: z.number().min(0).max(100).default(20),
        /** Score points added per action no other account has ever done (capped at twice this). */
        raise: z.number().min(0).max(100).default(10),
        /** Principals across the org that must know a network before a first call from it is dampened (an office, a VPN). */
        commonNetworkPrincipals: z.number().int().min(2).default(5),
      })
      .strict()
      .prefault({}),
    routing: z
      .object({
        /** Alerts below this severity are counted and sent nowhere. */
        minSeverity: severity.default('low'),
        /** Per-sink routes by sink name; a sink without an entry gets every alert at or above `minSeverity`. */
        sinks: z.record(z.string(), sinkRoute).default({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Aggregator settings after defaults. */
export type AggregatorConfig = z.infer<typeof alertsConfigSchema>;
/** Aggregator settings as written (everything optional). */
export type AggregatorConfigInput = z.input<typeof alertsConfigSchema>;

/** The defaults, as a value. */
export const DEFAULT_AGGREGATOR_CONFIG: AggregatorConfig = alertsConfigSchema.parse({});

/** Validates settings; throws a configuration error naming the key. */
export function parseAggregatorConfig(input: unknown): AggregatorConfig {
  const result = alertsConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') || '(root)';
  throw new Error(`Invalid aggregator config at ${where}: ${issue?.message ?? 'invalid'}`);
}
