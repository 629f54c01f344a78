/**
 * Scoring settings: who counts as automation (dampened), and per-action sensitivity overrides.
 * @module
 */
import { z } from 'zod';

/** User-agent substrings of infrastructure-as-code and deployment tools (case-insensitive). */
export const DEFAULT_AUTOMATION_USER_AGENTS: readonly string[] = [
  'terraform',
  'hashicorp',
  'pulumi',
  'aws-cdk',
  'cdktf',
  'cloudformation',
  'aws-sam-cli',
  'ansible',
  'crossplane',
  'spacelift',
  'atlantis',
  'serverless/',
  'aws-controltower',
];

/** Principal globs (ARN or principal key, case-insensitive) of typical CI/CD and provisioning roles. */
export const DEFAULT_AUTOMATION_PRINCIPALS: readonly string[] = [
  '*:role/*terraform*',
  '*:role/*github*actions*',
  '*:role/*gitlab*',
  '*:role/*cicd*',
  '*:role/ci-*',
  '*:role/*-ci',
  '*:role/*deploy*',
  '*:role/*pipeline*',
  '*:role/*codebuild*',
  '*:role/*atlantis*',
  '*:role/*spacelift*',
  '*:role/*stackset*',
  '*:role/*cloudformation*',
  '*:role/aws-controltower-*',
  '*:role/AWSControlTower*',
];

const sensitivity = z.number().min(0).max(10);
const points = z.number().min(0).max(100);

/** What new values of the other dimensions weigh, for workloads (stable networks) and for people (who roam). */
export const noveltyConfigSchema = z
  .object({
    /** A principal with at most this many known networks has a stable network (a workload's). */
    stableNetworks: z.number().int().min(1).default(2),
    /** Weights for workloads: EC2, Lambda, CI roles, IAM users' keys in software. */
    workload: z
      .object({
        network: points.default(45),
        client: points.default(15),
        region: points.default(10),
        networkClient: points.default(20),
      })
      .strict()
      .prefault({}),
    /** Weights for people (Identity Center, SAML, and principals with more networks than `stableNetworks`). */
    person: z
      .object({
        network: points.default(12),
        client: points.default(15),
        region: points.default(8),
        /** Added when the network is new together with the client or the region (travel does not change both). */
        together: points.default(18),
        networkClient: points.default(5),
      })
      .strict()
      .prefault({}),
    /** What a new private address or VPC endpoint weighs instead (inside a VPC, not the internet). */
    privateNetwork: points.default(8),
    /** Added when the new network is a hosting provider (rented servers). */
    hostingNetwork: points.default(10),
    /** Added instead when it is an anonymising network (Tor exits, commercial VPNs). */
    anonymisingNetwork: points.default(25),
    /** Added when the principal is refused (AccessDenied and kin) for the first time. */
    denied: points.default(10),
    /** Added when new actions come from a new network in the same window. */
    newActions: points.default(10),
  })
  .strict();

/** Novelty weights after defaults. */
export type NoveltyConfig = z.infer<typeof noveltyConfigSchema>;

export const scoringConfigSchema = z
  .object({
    automation: z
      .object({
        /** User-agent substrings marking automation. */
        userAgents: z.array(z.string().min(1)).default([...DEFAULT_AUTOMATION_USER_AGENTS]),
        /** Principal ARN/key globs marking automation. */
        principals: z.array(z.string().min(1)).default([...DEFAULT_AUTOMATION_PRINCIPALS]),
        /** Score multiplier for automation's new behaviour (0 silences it, 1 disables dampening). */
        dampening: z.number().min(0).max(1).default(0.5),
      })
      .strict()
      .prefault({}),
    /** New networks, clients, regions and refusals: see noveltyConfigSchema. */
    novelty: noveltyConfigSchema.prefault({}),
    /** Action glob -> sensitivity 0-10, replacing the built-in estimate (e.g. `"s3.amazonaws.com:Get*": 1`). */
    sensitivity: z.record(z.string().min(1), sensitivity).default({}),
    /** Lowest score of each severity. */
    severityThresholds: z
      .object({
        low: z.number().min(0).max(100).default(20),
        medium: z.number().min(0).max(100).default(40),
        high: z.number().min(0).max(100).default(60),
        critical: z.number().min(0).max(100).default(80),
      })
      .strict()
      .prefault({})
      .refine(
        (t) => t.low <= t.medium && t.medium <= t.high && t.high <= t.critical,
        'thresholds must rise: low <= medium <= high <= critical',
      ),
  })
  .strict();

/** Scoring settings after defaults. */
export type ScoringConfig = z.infer<typeof scoringConfigSchema>;

/** The default scoring settings. */
export const DEFAULT_SCORING_CONFIG: ScoringConfig = scoringConfigSchema.parse({});
