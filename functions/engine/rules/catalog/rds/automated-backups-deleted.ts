import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { flag, num } from '../../fields.js';
import { isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const DELETE_BACKUP = ['DeleteDBInstanceAutomatedBackup', 'DeleteDBClusterAutomatedBackup'];
const MODIFY = ['ModifyDBInstance', 'ModifyDBCluster'];
const DELETE_DB = ['DeleteDBInstance', 'DeleteDBCluster'];

function how(r: CloudTrailRecord): string | null {
  if (isEvent(r, 'rds', ...DELETE_BACKUP)) return 'deleted';
  if (isEvent(r, 'rds', ...MODIFY) && num(req(r, 'backupRetentionPeriod')) === 0)
    return 'turned off (retention set to 0)';
  if (isEvent(r, 'rds', ...DELETE_DB) && flag(req(r, 'deleteAutomatedBackups')) === true)
    return 'deleted with the database';
  return null;
}

const target = (r: CloudTrailRecord): string =>
  reqText(
    r,
    'dbiResourceId',
    'dbClusterResourceId',
    'dBInstanceIdentifier',
    'dBClusterIdentifier',
    'dBInstanceAutomatedBackupsArn',
  ) ?? '(unknown)';

/** Automated RDS backups removed: point-in-time recovery is no longer possible. */
export const automatedBackupsDeleted: RecordRule = {
  id: 'aws.rds.automated-backups-deleted',
  title: 'RDS automated backups deleted',
  description:
    'DeleteDBInstanceAutomatedBackup / DeleteDBClusterAutomatedBackup, backupRetentionPeriod set to 0 (which deletes existing automated backups), or DeleteDBInstance/DeleteDBCluster with deleteAutomatedBackups=true: a classic step before destroying or ransoming a database.',
  severity: 'high',
  mitre: MITRE.inhibitRecovery,
  runbook:
    'Check for manual snapshots and AWS Backup copies at once, and look for deletion or modification of the database by the same caller.',
  prefilter: [{ eventSources: ['rds.amazonaws.com'], eventNames: [...DELETE_BACKUP, ...MODIFY, ...DELETE_DB] }],
  match: (r) => how(r) !== null,
  titleOf: (r) => `RDS automated backups of ${target(r)} ${how(r) ?? 'deleted'}`,
  context: (r) => ({ target: target(r), how: how(r) }),
  cases: [
    {
      name: 'flags DeleteDBInstanceAutomatedBackup',
      expect: true,
      record: event('rds', 'DeleteDBInstanceAutomatedBackup', {
        request: { dbiResourceId: 'db-ABCDEF1234567890' },
        response: { status: 'deleting' },
      }),
    },
    {
      name: 'flags retention set to 0',
      expect: true,
      record: event('rds', 'ModifyDBInstance', {
        request: { dBInstanceIdentifier: 'db1', backupRetentionPeriod: 0, applyImmediately: true },
      }),
    },
    {
      name: 'ignores retention set to 7',
      expect: false,
      record: event('rds', 'ModifyDBInstance', { request: { dBInstanceIdentifier: 'db1', backupRetentionPeriod: 7 } }),
    },
    {
      name: 'ignores DeleteDBInstance keeping its backups',
      expect: false,
      record: event('rds', 'DeleteDBInstance', {
        request: { dBInstanceIdentifier: 'db1', skipFinalSnapshot: false, deleteAutomatedBackups: false },
      }),
    },
    {
      name: 'ignores a failed deletion for another reason',
      expect: false,
      record: event('rds', 'DeleteDBInstanceAutomatedBackup', { error: 'DBInstanceAutomatedBackupNotFoundFault' }),
    },
  ],
};
