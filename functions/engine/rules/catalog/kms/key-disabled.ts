import { event } from '../../case-builder.js';
import { clause, deniedResource, isEvent, named, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** A KMS key disabled: everything encrypted under it becomes unreadable until it is re-enabled. */
export const keyDisabled: RecordRule = {
  id: 'aws.kms.key-disabled',
  title: 'KMS key disabled',
  description:
    'DisableKey: data, volumes, secrets and backups encrypted under the key cannot be decrypted until EnableKey.',
  severity: 'high',
  mitre: MITRE.dataEncryptedForImpact,
  runbook: 'Identify what the key protects (aliases, grants, tags) and re-enable it unless the change was planned.',
  prefilter: [clause('kms', 'DisableKey')],
  match: (r) => isEvent(r, 'kms', 'DisableKey'),
  titleOf: (r) => `KMS key${named(reqText(r, 'keyId') ?? deniedResource(r))} disabled`,
  context: (r) => ({ keyId: reqText(r, 'keyId') ?? null }),
  cases: [
    {
      name: 'flags DisableKey',
      expect: true,
      record: event('kms', 'DisableKey', {
        request: { keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      }),
    },
    { name: 'ignores EnableKey', expect: false, record: event('kms', 'EnableKey', { request: { keyId: 'k' } }) },
    {
      name: 'ignores DisableKeyRotation',
      expect: false,
      record: event('kms', 'DisableKeyRotation', { request: { keyId: 'k' } }),
    },
  ],
};
