/**
 * The one configuration schema (detection settings). CLI flags and the Lambda environment override
 * these values; the config file (YAML or JSON) is validated against it with errors naming the key.
 * @module
 */
import { z } from 'zod';

export const detectionConfigSchema = z
  .object({
    /** Days from a principal's first observation during which its new actions are learned silently. */
    learningDays: z.number().int().min(0).default(14),
    /** Days without use after which a baseline entry is forgotten (sliding TTL). */
    ttlDays: z.number().int().min(1).default(90),
    /** Days without activity after which a principal record is forgotten (its learning restarts). */
    principalTtlDays: z.number().int().min(1).default(365),
    /** lastSeen/expiresAt of a known entry are rewritten only when older than this. */
    refreshDays: z.number().min(0).default(1),
    /** Window length in minutes. */
    windowMinutes: z.number().int().min(1).max(24 * 60).default(60),
    /** CloudTrail delivery lag in minutes: events this late are still processed. */
    lagMinutes: z.number().int().min(0).default(15),
    /** An event stamped later than this many minutes past its delivery (or now) is `future-timestamp`. */
    futureToleranceMinutes: z.number().int().min(0).default(15),
    /** Include calls AWS services make on a principal's behalf (excluded by default). */
    includeServiceCalls: z.boolean().default(false),
    /** Which detectors run. */
    detectors: z.array(z.enum(['first-seen', 'rules'])).min(1).default(['first-seen', 'rules']),
  })
  .strict();

/** Detection settings after defaults. */
export type DetectionConfig = z.infer<typeof detectionConfigSchema>;

/** The defaults, as a value. */
export const DEFAULT_DETECTION_CONFIG: DetectionConfig = detectionConfigSchema.parse({});
