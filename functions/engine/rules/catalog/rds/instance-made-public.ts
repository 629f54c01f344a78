import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { flag } from '../../fields.js';
import { isEvent, req, reqText, res } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** Multi-AZ DB clusters carry publiclyAccessible too (ModifyDBCluster, CreateDBCluster, cluster restores). */
const MODIFY = ['ModifyDBInstance', 'ModifyDBCluster'];
const RESTORE = [
  'RestoreDBInstanceFromDBSnapshot',
  'RestoreDBInstanceToPointInTime',
  'RestoreDBInstanceFromS3',
  'CreateDBInstanceReadReplica',
  'RestoreDBClusterFromSnapshot',
  'RestoreDBClusterToPointInTime',
];
const CREATE = ['CreateDBInstance', 'CreateDBCluster'];

const instance = (r: CloudTrailRecord): string =>
  reqText(r, 'dBInstanceIdentifier', 'targetDBInstanceIdentifier', 'dBClusterIdentifier') ?? '(unknown)';

/**
 * The request's publiclyAccessible; for a new or restored instance that left it out, the response's
 * (AWS picks public by default in a default VPC with an internet gateway). A modify's response still
 * shows the old value, so it is not read.
 */
function madePublic(r: CloudTrailRecord): boolean {
  const asked = flag(req(r, 'publiclyAccessible'));
  if (asked !== undefined || MODIFY.includes(r.eventName ?? '')) return asked === true;
  return flag(res(r, 'publiclyAccessible')) === true;
}

/** A database instance given a public endpoint. */
export const instanceMadePublic: RecordRule = {
  id: 'aws.rds.instance-made-public',
  title: 'RDS instance made publicly accessible',
  description:
    'ModifyDBInstance / ModifyDBCluster, a restore (RestoreDBInstanceFromDBSnapshot, -ToPointInTime, -FromS3, RestoreDBClusterFromSnapshot, -ToPointInTime), a read replica, or CreateDBInstance / CreateDBCluster with publiclyAccessible=true in the request (or, for a create or restore that left it out, in the response: AWS makes an instance public by default in a default VPC with an internet gateway): the instance gets an internet-resolvable endpoint (security groups still decide who connects). Restoring a snapshot as a public instance is a known exfiltration path. High for modify/restore, medium for a new instance.',
  severity: 'high',
  mitre: MITRE.transferToCloudAccount,
  runbook:
    "Set publiclyAccessible back to false unless planned, and review the instance's security groups and recent logins.",
  prefilter: [{ eventSources: ['rds.amazonaws.com'], eventNames: [...MODIFY, ...RESTORE, ...CREATE] }],
  match: (r) => isEvent(r, 'rds', ...MODIFY, ...RESTORE, ...CREATE) && madePublic(r),
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
      name: 'flags a new instance the response says is public (flag left out)',
      expect: true,
      record: event('rds', 'CreateDBInstance', {
        request: { dBInstanceIdentifier: 'db2', engine: 'postgres', dBInstanceClass: 'db.t4g.micro' },
        response: { dBInstanceIdentifier: 'db2', publiclyAccessible: true, dBInstanceStatus: 'creating' },
      }),
    },
    {
      name: 'flags a Multi-AZ DB cluster made public',
      expect: true,
      record: event('rds', 'ModifyDBCluster', { request: { dBClusterIdentifier: 'c1', publiclyAccessible: true } }),
    },
    {
      name: 'ignores a modify whose response shows the old public value',
      expect: false,
      record: event('rds', 'ModifyDBInstance', {
        request: { dBInstanceIdentifier: 'db1', allocatedStorage: 50 },
        response: { dBInstanceIdentifier: 'db1', publiclyAccessible: true },
      }),
    },
    {
      name: 'ignores a denied attempt to make an instance public',
      expect: false,
      record: event('rds', 'ModifyDBInstance', {
        error: 'AccessDenied',
        request: { dBInstanceIdentifier: 'db1', publiclyAccessible: true },
      }),
    },
    {
      name: 'ignores making an instance private',
      expect: false,
      record: event('rds', 'ModifyDBInstance', { request: { dBInstanceIdentifier: 'db1', publiclyAccessible: false } }),
    },
  ],
};
