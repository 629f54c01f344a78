import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, SIBLING_ACCOUNT, event } from '../../case-builder.js';
import { organizationBasis, outsideAccounts } from '../../context.js';
import { list } from '../../fields.js';
import { clause, isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule, RuleContext } from '../../types.js';

function exposure(r: CloudTrailRecord, ctx: RuleContext): { everyone: boolean; outside: string[] } {
  if ((reqText(r, 'attributeName') ?? 'restore').toLowerCase() !== 'restore') return { everyone: false, outside: [] };
  const values = list(req(r, 'valuesToAdd'))
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim());
  return {
    everyone: values.some((v) => v.toLowerCase() === 'all'),
    outside: outsideAccounts(
      values.filter((v) => /^\d{12}$/.test(v)),
      r,
      ctx,
    ),
  };
}

const snapshotName = (r: CloudTrailRecord): string =>
  reqText(r, 'dBSnapshotIdentifier', 'dBClusterSnapshotIdentifier') ?? '(unknown)';

/** An RDS snapshot made public or shared with an account outside the organization. */
export const rdsSnapshotShared: RecordRule = {
  id: 'aws.rds.snapshot-shared',
  title: 'RDS snapshot shared outside the organization',
  description:
    'ModifyDBSnapshotAttribute or ModifyDBClusterSnapshotAttribute adding to the "restore" attribute the value "all" (public) or an account outside the organization (every other account when the organization is unknown). The receiver can restore the whole database.',
  severity: 'high',
  mitre: MITRE.transferToCloudAccount,
  runbook:
    'Remove the account from the restore attribute and assume the database content was copied: rotate the credentials it holds.',
  prefilter: [clause('rds', 'ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute')],
  match: (r, ctx) => {
    if (!isEvent(r, 'rds', 'ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute')) return false;
    const e = exposure(r, ctx);
    return e.everyone || e.outside.length > 0;
  },
  titleOf: (r, ctx) => {
    const e = exposure(r, ctx);
    return e.everyone
      ? `RDS snapshot ${snapshotName(r)} made public`
      : `RDS snapshot ${snapshotName(r)} shared with account ${e.outside.join(', ')}`;
  },
  severityOf: (r, ctx) => (exposure(r, ctx).everyone ? 'critical' : 'high'),
  context: (r, ctx) => ({
    snapshot: snapshotName(r),
    public: exposure(r, ctx).everyone,
    accounts: exposure(r, ctx).outside,
    ...organizationBasis(ctx),
  }),
  cases: [
    {
      name: 'flags sharing with an external account (Stratus detonation shape)',
      expect: true,
      record: event('rds', 'ModifyDBSnapshotAttribute', {
        request: { attributeName: 'restore', dBSnapshotIdentifier: 'exfiltration', valuesToAdd: [FOREIGN_ACCOUNT] },
      }),
    },
    {
      name: 'flags a public cluster snapshot',
      expect: true,
      record: event('rds', 'ModifyDBClusterSnapshotAttribute', {
        request: { attributeName: 'restore', dBClusterSnapshotIdentifier: 'c', valuesToAdd: ['all'] },
      }),
    },
    {
      name: 'ignores sharing inside the organization',
      expect: false,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      record: event('rds', 'ModifyDBSnapshotAttribute', {
        request: { attributeName: 'restore', dBSnapshotIdentifier: 's', valuesToAdd: [SIBLING_ACCOUNT] },
      }),
    },
    {
      name: 'flags "all" added beside an account id',
      expect: true,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      record: event('rds', 'ModifyDBSnapshotAttribute', {
        request: { attributeName: 'restore', dBSnapshotIdentifier: 's', valuesToAdd: [SIBLING_ACCOUNT, 'all'] },
      }),
    },
    {
      name: 'ignores a denied attempt to make a snapshot public',
      expect: false,
      record: event('rds', 'ModifyDBSnapshotAttribute', {
        error: 'AccessDenied',
        request: { attributeName: 'restore', dBSnapshotIdentifier: 's', valuesToAdd: ['all'] },
      }),
    },
    {
      name: 'ignores removing an account',
      expect: false,
      record: event('rds', 'ModifyDBSnapshotAttribute', {
        request: { attributeName: 'restore', dBSnapshotIdentifier: 's', valuesToRemove: ['all'] },
      }),
    },
  ],
};
