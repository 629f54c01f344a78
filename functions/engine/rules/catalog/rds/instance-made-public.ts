import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { flag } from '../../fields.js';
import { isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const MODIFY = ['ModifyDBInstance'];
const RESTORE = [
  'RestoreDBInstanceFromDBSnapshot',
  'RestoreDBInstanceToPointInTime',
  'RestoreDBInstanceFromS3',
  'CreateDBInstanceReadReplica',
];
const CREATE = ['CreateDBInstance'];

const instance = (r: CloudTrailRecord): string =>
  reqText(r, 'dBInstanceIdentifier', 'targetDBInstanceIdentifier') ?? '(unknown)';

/** A database instance given a public endpoint. */
export const instanceMadePublic: RecordRule = {
  id: 'aws.rds.instance-made-public',
  title: 'RDS instance made publicly accessible',
  description:
    'ModifyDBInstance, a restore, a read replica or CreateDBInstance with publiclyAccessible=true: the instance gets an internet-resolvable endpoint (security groups still decide who connects). Restoring a snapshot as a public instance is a known exfiltration path. High for modify/restore, medium for a new instance.',
  severity: 'high',
  mitre: MITRE.transferToCloudAccount,
  runbook:
    "Set publiclyAccessible back to false unless planned, and review the instance's security groups and recent logins.",
  prefilter: [{ eventSources: ['rds.amazonaws.com'], eventNames: [...MODIFY, ...RESTORE, ...CREATE] }],
  match: (r) => isEvent(r, 'rds', ...MODIFY, ...RESTORE, ...CREATE) && flag(req(r, 'publiclyAccessible')) === true,
  titleOf: (r) => `RDS instance ${instance(r)} made publicly accessible (${r.eventName})`,
  severityOf: (r) => (CREATE.includes(r.eventName ?? '') ? 'medium' : 'high'),
  context: (r) => ({ instance: instance(r), via: r.eventName }),
  cases: [
    {
      name: 'flags ModifyDBInstance publiclyAccessible=true',
      expect: true,
      record: event('rds', 'ModifyDBInstance', {
        request: { dBInstanceIdentifier: 'db1', publiclyAccessible: true, applyImmediately: true },
      }),
    },
    {
      name: 'flags a public restore',
      expect: true,
      record: event('rds', 'RestoreDBInstanceFromDBSnapshot', {
        request: { dBInstanceIdentifier: 'copy', dBSnapshotIdentifier: 's', publiclyAccessible: true },
      }),
    },
    {
      name: 'ignores a password change (TrailDiscover shape)',
      expect: false,
      record: event('rds', 'ModifyDBInstance', {
        request: {
          dBInstanceIdentifier: 'db1',
          applyImmediately: true,
          masterUserPassword: 'HIDDEN_DUE_TO_SECURITY_REASONS',
          allowMajorVersionUpgrade: false,
        },
      }),
    },
    {
      name: 'ignores making an instance private',
      expect: false,
      record: event('rds', 'ModifyDBInstance', { request: { dBInstanceIdentifier: 'db1', publiclyAccessible: false } }),
    },
  ],
};
