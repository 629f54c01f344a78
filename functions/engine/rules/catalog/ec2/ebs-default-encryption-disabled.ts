import { event } from '../../case-builder.js';
import { clause, isEvent } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** New EBS volumes in the region are no longer encrypted by default. */
export const ebsDefaultEncryptionDisabled: RecordRule = {
  id: 'aws.ec2.ebs-default-encryption-disabled',
  title: 'EBS encryption by default disabled',
  description:
    'DisableEbsEncryptionByDefault: volumes and snapshot copies created from now on in this region are unencrypted unless asked for, which also lets them be shared outside the account without a KMS grant.',
  severity: 'medium',
  mitre: MITRE.disableTools,
  runbook: 'Re-enable it (EnableEbsEncryptionByDefault) and look for volumes or snapshots created or shared since.',
  prefilter: [clause('ec2', 'DisableEbsEncryptionByDefault')],
  match: (r) => isEvent(r, 'ec2', 'DisableEbsEncryptionByDefault'),
  titleOf: (r) => `EBS encryption by default disabled in ${r.awsRegion ?? 'an unknown region'}`,
  cases: [
    {
      name: 'flags DisableEbsEncryptionByDefault',
      expect: true,
      record: event('ec2', 'DisableEbsEncryptionByDefault', { response: { ebsEncryptionByDefault: false } }),
    },
    {
      name: 'ignores EnableEbsEncryptionByDefault',
      expect: false,
      record: event('ec2', 'EnableEbsEncryptionByDefault'),
    },
    { name: 'ignores GetEbsEncryptionByDefault', expect: false, record: event('ec2', 'GetEbsEncryptionByDefault') },
  ],
};
