import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, SIBLING_ACCOUNT, event } from '../../case-builder.js';
import { organizationBasis, outsideAccounts } from '../../context.js';
import { permissionChange } from '../../ec2-permissions.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule, RuleContext } from '../../types.js';

function exposure(r: CloudTrailRecord, ctx: RuleContext): { everyone: boolean; outside: string[] } {
  const a = permissionChange(r, 'createVolumePermission', 'add');
  return { everyone: a.everyone, outside: outsideAccounts(a.accounts, r, ctx) };
}

/** An EBS snapshot made public or shared with an account outside the organization. */
export const snapshotShared: RecordRule = {
  id: 'aws.ec2.snapshot-shared',
  title: 'EBS snapshot shared outside the organization',
  description:
    'ModifySnapshotAttribute adding createVolumePermission for group "all" (public) or for an account outside the organization (every other account when the organization is unknown), in either request format: the createVolumePermission add list, or operationType=add with userId / userGroup lists (the CLI\'s --user-ids / --group-names). Removals are ignored. The receiving account can copy the disk and read everything on it.',
  severity: 'high',
  mitre: MITRE.transferToCloudAccount,
  runbook:
    'Remove the permission (ModifySnapshotAttribute remove), then check for SharedSnapshotCopyInitiated / SharedSnapshotVolumeCreated events showing the data was taken.',
  prefilter: [clause('ec2', 'ModifySnapshotAttribute')],
  match: (r, ctx) => {
    if (!isEvent(r, 'ec2', 'ModifySnapshotAttribute')) return false;
    const e = exposure(r, ctx);
    return e.everyone || e.outside.length > 0;
  },
  titleOf: (r, ctx) => {
    const e = exposure(r, ctx);
    const snap = reqText(r, 'snapshotId') ?? 'snapshot';
    return e.everyone
      ? `EBS snapshot ${snap} made public`
      : `EBS snapshot ${snap} shared with account ${e.outside.join(', ')}`;
  },
  severityOf: (r, ctx) => (exposure(r, ctx).everyone ? 'critical' : 'high'),
  context: (r, ctx) => ({
    snapshotId: reqText(r, 'snapshotId') ?? null,
    public: exposure(r, ctx).everyone,
    accounts: exposure(r, ctx).outside,
    ...organizationBasis(ctx),
  }),
  cases: [
    {
      name: 'flags sharing with an external account (Stratus detonation shape)',
      expect: true,
      record: event('ec2', 'ModifySnapshotAttribute', {
        request: {
          attributeType: 'CREATE_VOLUME_PERMISSION',
          createVolumePermission: { add: { items: [{ userId: FOREIGN_ACCOUNT }] } },
          snapshotId: 'snap-041993b54a9b3af6f',
        },
      }),
    },
    {
      name: 'flags a public snapshot',
      expect: true,
      record: event('ec2', 'ModifySnapshotAttribute', {
        request: { createVolumePermission: { add: { items: [{ group: 'all' }] } }, snapshotId: 'snap-1' },
      }),
    },
    {
      name: 'ignores sharing with an account of the organization',
      expect: false,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      record: event('ec2', 'ModifySnapshotAttribute', {
        request: { createVolumePermission: { add: { items: [{ userId: SIBLING_ACCOUNT }] } }, snapshotId: 'snap-1' },
      }),
    },
    {
      name: 'ignores removing a permission (TrailDiscover shape)',
      expect: false,
      record: event('ec2', 'ModifySnapshotAttribute', {
        request: {
          attributeType: 'CREATE_VOLUME_PERMISSION',
          createVolumePermission: { remove: { items: [{ userId: FOREIGN_ACCOUNT }] } },
          snapshotId: 'snap-1',
        },
      }),
    },
    {
      name: 'flags the flat format: operationType=add with group all',
      expect: true,
      record: event('ec2', 'ModifySnapshotAttribute', {
        request: {
          snapshotId: 'snap-1',
          attributeType: 'CREATE_VOLUME_PERMISSION',
          operationType: 'add',
          userGroup: { items: [{ groupName: 'all' }] },
        },
      }),
    },
    {
      name: 'flags the flat format: operationType=add with an external account id',
      expect: true,
      record: event('ec2', 'ModifySnapshotAttribute', {
        request: { snapshotId: 'snap-1', operationType: 'add', userId: { items: [FOREIGN_ACCOUNT] } },
      }),
    },
    {
      name: 'ignores the flat format removing public access',
      expect: false,
      record: event('ec2', 'ModifySnapshotAttribute', {
        request: { snapshotId: 'snap-1', operationType: 'remove', userGroup: { items: ['all'] } },
      }),
    },
    {
      name: 'ignores a product code change',
      expect: false,
      record: event('ec2', 'ModifySnapshotAttribute', {
        request: { snapshotId: 'snap-1', attributeType: 'PRODUCT_CODES', productCodes: { items: ['abc'] } },
      }),
    },
    {
      name: 'ignores a denied share',
      expect: false,
      record: event('ec2', 'ModifySnapshotAttribute', {
        error: 'Client.UnauthorizedOperation',
        request: { createVolumePermission: { add: { items: [{ group: 'all' }] } } },
      }),
    },
  ],
};
