/**
 * Verifying what arrives: schema validation and the trust rule (the envelope account is the only
 * account a member can speak for). Bad input becomes a counted {@link Rejection}, never a throw.
 * @module
 */
import { z } from 'zod';
import { parseFinding, RunErrorClass, type Finding, type Heartbeat } from '../findings/index.js';
import { DetailType, RejectReason, type Envelope, type Rejection } from './types.js';

const batchSchema = z.object({
  schemaVersion: z.literal(1),
  groupKey: z.string(),
  part: z.number().int().min(0),
  parts: z.number().int().min(1),
  findings: z.array(z.unknown()).max(1000),
});

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 time');

/** The heartbeat, validated (the interface lives in findings/bus.ts). */
export const heartbeatSchema = z.object({
  schemaVersion: z.literal(1),
  accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  region: z.string().nullable(),
  runId: z.string(),
  startedAt: isoTime,
  finishedAt: isoTime,
  windowFrom: isoTime.nullable(),
  windowTo: isoTime.nullable(),
  watermark: isoTime.nullable(),
  counts: z.record(z.string(), z.number()),
  learnedActions: z.array(z.string().max(256)).max(5000),
  detectorVersion: z.string(),
  // Optional: agents from before these fields keep being accepted.
  outcome: z.string().max(40).optional(),
  mode: z.string().max(40).optional(),
  // A class a newer agent knows and this aggregator does not is kept as `unknown`, never a rejection.
  errorClass: z
    .enum(Object.values(RunErrorClass) as [RunErrorClass, ...RunErrorClass[]])
    .nullable()
    .optional()
    .catch(RunErrorClass.Unknown),
  error: z.string().max(1000).nullable().optional(),
  watermarkLagMinutes: z.number().nullable().optional(),
  agentVersion: z.string().max(128).nullable().optional(),
});

/** A finding that passed validation and the trust rule, with the envelope it came in. */
export interface AcceptedFinding {
  finding: Finding;
  envelope: number;
}

/** An accepted heartbeat. */
export interface AcceptedHeartbeat {
  heartbeat: Heartbeat;
  envelope: number;
}

/** What verification made of a list of envelopes. */
export interface Verified {
  findings: AcceptedFinding[];
  heartbeats: AcceptedHeartbeat[];
  rejected: Rejection[];
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

function findingIdOf(input: unknown): string | null {
  const id = input !== null && typeof input === 'object' ? (input as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 64) : null;
}

/** Validates envelopes; a finding whose body names another account than its envelope is rejected. */
export function verifyEnvelopes(envelopes: readonly Envelope[]): Verified {
  const out: Verified = { findings: [], heartbeats: [], rejected: [] };
  envelopes.forEach((env, index) => {
    const reject = (reason: RejectReason, detail: string, findingId: string | null = null): void => {
      out.rejected.push({
        envelope: index,
        envelopeId: env.id ?? null,
        account: String(env.account),
        reason,
        detail,
        findingId,
      });
    };
    if (env.detailType === DetailType.Heartbeat) {
      const parsed = heartbeatSchema.safeParse(env.detail);
      if (!parsed.success) return reject(RejectReason.InvalidHeartbeat, issueText(parsed.error));
      if (parsed.data.accountId !== env.account) {
        return reject(
          RejectReason.AccountMismatch,
          `heartbeat claims account ${parsed.data.accountId} but was sent by ${env.account}`,
        );
      }
      out.heartbeats.push({ heartbeat: parsed.data, envelope: index });
      return;
    }
    if (env.detailType !== DetailType.Finding) {
      return reject(
        RejectReason.UnknownDetailType,
        `detail-type ${JSON.stringify(String(env.detailType)).slice(0, 80)} is not handled`,
      );
    }
    // A bare finding is accepted as a batch of one (tools and tests publish those).
    const detail = env.detail;
    const looksLikeBatch = detail !== null && typeof detail === 'object' && 'findings' in detail;
    let items: unknown[];
    if (looksLikeBatch) {
      const parsed = batchSchema.safeParse(detail);
      if (!parsed.success) return reject(RejectReason.InvalidBatch, issueText(parsed.error));
      items = parsed.data.findings;
    } else items = [detail];
    for (const item of items) {
      const parsed = parseFinding(item);
      if (!parsed.ok) {
        reject(RejectReason.InvalidFinding, parsed.reason, findingIdOf(item));
        continue;
      }
      if (parsed.finding.accountId !== env.account) {
        reject(
          RejectReason.AccountMismatch,
          `finding claims account ${parsed.finding.accountId} but was sent by ${env.account}`,
          parsed.finding.id,
        );
        continue;
      }
      out.findings.push({ finding: parsed.finding, envelope: index });
    }
  });
  return out;
}
