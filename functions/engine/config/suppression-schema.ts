/**
 * Suppressions: known, accepted activity that must not alert. Each names what it matches (account,
 * principal ARN glob, action glob, rule id glob, source IP/CIDR), why, and optionally until when.
 * @module
 */
import { z } from 'zod';

const oneOrMany = (item: z.ZodString) =>
  z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** One suppression as written in the config file. */
export const suppressionSchema = z
  .object({
    /** A short name shown in the run summary (defaults to the position in the file). */
    id: z.string().min(1).optional(),
    /** Who answers for it (a team or a person): shown with every finding it silences, so a 3 a.m. reader knows whom to ask. */
    owner: z.string().trim().min(1).optional(),
    /** Why this is accepted: shown next to every finding it silences. */
    reason: z.string().trim().min(1, 'every suppression needs a reason'),
    /** Last day (YYYY-MM-DD, inclusive, UTC) or instant (ISO 8601) it applies; afterwards it is ignored and the scan warns. */
    expires: z
      .string()
      .regex(ISO_DATE, 'use a date like 2025-06-30 or an ISO 8601 time')
      .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), 'not a real date')
      .optional(),
    /** Account ids (globs allowed). */
    account: oneOrMany(z.string().min(1)).optional(),
    /** Principal ARN or principal key globs, e.g. `arn:aws:iam::*:role/ci-*`. */
    principal: oneOrMany(z.string().min(1)).optional(),
    /** Action globs, `iam.amazonaws.com:Get*` or the short form `iam:Get*`. */
    action: oneOrMany(z.string().min(1)).optional(),
    /** Rule id globs (`aws.logs.*`), or `first-seen.action` for first-seen findings. */
    rule: oneOrMany(z.string().min(1)).optional(),
    /** Source addresses or CIDR blocks (IPv4 or IPv6); every source address of the finding must fall inside. */
    sourceIp: oneOrMany(z.string().min(1)).optional(),
  })
  .strict()
  .refine((s) => s.account || s.principal || s.action || s.rule || s.sourceIp, {
    message:
      'a suppression must name at least one of account, principal, action, rule or sourceIp (otherwise it would silence everything)',
  });

/** A suppression after validation (single values turned into lists). */
export type Suppression = z.infer<typeof suppressionSchema>;
