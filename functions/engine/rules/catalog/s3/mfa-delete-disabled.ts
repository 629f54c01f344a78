import { event } from '../../case-builder.js';
import { text } from '../../fields.js';
import { clause, isEvent, named, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** MFA Delete turned off: versions can be deleted without the root user's MFA. */
export const mfaDeleteDisabled: RecordRule = {
  id: 'aws.s3.mfa-delete-disabled',
  title: 'S3 MFA Delete disabled',
  description:
    "PutBucketVersioning with MfaDelete=Disabled: permanently deleting object versions or changing versioning no longer needs the root user's MFA code. Only the root user can make this call with MFA, so it is rare.",
  severity: 'high',
  mitre: MITRE.inhibitRecovery,
  runbook: 'Confirm with the account owner (it requires root credentials and MFA) and re-enable MFA Delete.',
  prefilter: [clause('s3', 'PutBucketVersioning')],
  match: (r) =>
    isEvent(r, 's3', 'PutBucketVersioning') &&
    text(req(r, 'VersioningConfiguration'), 'MfaDelete')?.toLowerCase() === 'disabled',
  titleOf: (r) =>
    `S3 MFA Delete disabled${named(reqText(r, 'bucketName') ? `on bucket ${reqText(r, 'bucketName')}` : undefined)}`,
  context: (r) => ({ bucket: reqText(r, 'bucketName') ?? null }),
  cases: [
    {
      name: 'flags MfaDelete=Disabled',
      expect: true,
      record: event('s3', 'PutBucketVersioning', {
        request: { bucketName: 'b', VersioningConfiguration: { Status: 'Enabled', MfaDelete: 'Disabled' } },
      }),
    },
    {
      name: 'ignores MfaDelete=Enabled',
      expect: false,
      record: event('s3', 'PutBucketVersioning', {
        request: { bucketName: 'b', VersioningConfiguration: { Status: 'Enabled', MfaDelete: 'Enabled' } },
      }),
    },
  ],
};
