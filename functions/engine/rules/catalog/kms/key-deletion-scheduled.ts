import { event } from '../../case-builder.js';
import { num } from '../../fields.js';
import { clause, deniedResource, isEvent, named, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** A KMS key scheduled for deletion: after the waiting period, data encrypted under it is lost for good. */
export const keyDeletionScheduled: RecordRule = {
  id: 'aws.kms.key-deletion-scheduled',
  title: 'KMS key scheduled for deletion',
  description:
    'ScheduleKeyDeletion: after the waiting period (7 to 30 days) the key is destroyed and everything encrypted under it is unrecoverable. The key is disabled at once.',
  severity: 'high',
  mitre: MITRE.dataDestruction,
  runbook:
    'Cancel the deletion now (CancelKeyDeletion, then EnableKey) unless it was planned; the waiting period is your window.',
  prefilter: [clause('kms', 'ScheduleKeyDeletion')],
  match: (r) => isEvent(r, 'kms', 'ScheduleKeyDeletion'),
  titleOf: (r) =>
    `KMS key${named(reqText(r, 'keyId') ?? deniedResource(r))} scheduled for deletion in ${num(req(r, 'pendingWindowInDays')) ?? 30} days`,
  severityOf: (r) => ((num(req(r, 'pendingWindowInDays')) ?? 30) <= 7 ? 'critical' : 'high'),
  context: (r) => ({
    keyId: reqText(r, 'keyId') ?? null,
    pendingWindowInDays: num(req(r, 'pendingWindowInDays')) ?? null,
    deletionDate: reqText(r, 'deletionDate') ?? null,
  }),
  cases: [
    {
      name: 'flags ScheduleKeyDeletion',
      expect: true,
      record: event('kms', 'ScheduleKeyDeletion', {
        request: { keyId: 'k', pendingWindowInDays: 7 },
        response: { keyId: 'arn:aws:kms:us-east-1:111122223333:key/k', deletionDate: 'Aug 8, 2024, 12:00:00 PM' },
      }),
    },
    {
      name: 'ignores CancelKeyDeletion',
      expect: false,
      record: event('kms', 'CancelKeyDeletion', { request: { keyId: 'k' } }),
    },
  ],
};
