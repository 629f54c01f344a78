import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, SIBLING_ACCOUNT, event } from '../../case-builder.js';
import { organizationBasis, outsideAccounts } from '../../context.js';
import { permissionChange } from '../../ec2-permissions.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule, RuleContext } from '../../types.js';

function exposure(r: CloudTrailRecord, ctx: RuleContext): { everyone: boolean; outside: string[] } {
  const added = permissionChange(r, 'launchPermission', 'add');
  return { everyone: added.everyone, outside: outsideAccounts(added.accounts, r, ctx) };
}

/** An AMI made public or shared with an account outside the organization. */
export const amiShared: RecordRule = {
  id: 'aws.ec2.ami-shared',
  title: 'AMI shared outside the organization',
  description:
    'ModifyImageAttribute adding launchPermission for group "all" (public) or for an account outside the organization (every other account when the organization is unknown), in either request format: the launchPermission add list, or operationType=add with userId / userGroup lists. Sharing with an organization or OU ARN is not flagged. The receiver can launch the image and read its disks.',
  severity: 'high',
  mitre: MITRE.transferToCloudAccount,
  runbook: 'Remove the launch permission and check whether the image holds secrets or data that must now be rotated.',
  prefilter: [clause('ec2', 'ModifyImageAttribute')],
  match: (r, ctx) => {
    if (!isEvent(r, 'ec2', 'ModifyImageAttribute')) return false;
    const e = exposure(r, ctx);
    return e.everyone || e.outside.length > 0;
  },
  titleOf: (r, ctx) => {
    const e = exposure(r, ctx);
    const image = reqText(r, 'imageId') ?? 'AMI';
    return e.everyone ? `AMI ${image} made public` : `AMI ${image} shared with account ${e.outside.join(', ')}`;
  },
  severityOf: (r, ctx) => (exposure(r, ctx).everyone ? 'critical' : 'high'),
  context: (r, ctx) => ({
    imageId: reqText(r, 'imageId') ?? null,
    public: exposure(r, ctx).everyone,
    accounts: exposure(r, ctx).outside,
    ...organizationBasis(ctx),
  }),
  cases: [
    {
      name: 'flags sharing with an external account (Stratus detonation shape)',
      expect: true,
      record: event('ec2', 'ModifyImageAttribute', {
        request: {
          attributeType: 'launchPermission',
          imageId: 'ami-0b87ea1d007078d18',
          launchPermission: { add: { items: [{ userId: FOREIGN_ACCOUNT }] } },
        },
      }),
    },
    {
      name: 'flags a public AMI',
      expect: true,
      record: event('ec2', 'ModifyImageAttribute', {
        request: { imageId: 'ami-1', launchPermission: { add: { items: [{ group: 'all' }] } } },
      }),
    },
    {
      name: 'ignores sharing inside the organization',
      expect: false,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      record: event('ec2', 'ModifyImageAttribute', {
        request: { imageId: 'ami-1', launchPermission: { add: { items: [{ userId: SIBLING_ACCOUNT }] } } },
      }),
    },
    {
      name: 'ignores making an AMI private',
      expect: false,
      record: event('ec2', 'ModifyImageAttribute', {
        request: { imageId: 'ami-1', launchPermission: { remove: { items: [{ group: 'all' }] } } },
      }),
    },
    {
      name: 'flags the flat format: operationType=add with userGroup all',
      expect: true,
      record: event('ec2', 'ModifyImageAttribute', {
        request: { imageId: 'ami-1', attributeType: 'launchPermission', operationType: 'add', userGroup: ['all'] },
      }),
    },
    {
      name: 'ignores sharing with an organization ARN',
      expect: false,
      record: event('ec2', 'ModifyImageAttribute', {
        request: {
          imageId: 'ami-1',
          launchPermission: {
            add: { items: [{ organizationArn: 'arn:aws:organizations::111122223333:organization/o-abc123' }] },
          },
        },
      }),
    },
    {
      name: 'ignores a denied attempt to make an AMI public',
      expect: false,
      record: event('ec2', 'ModifyImageAttribute', {
        error: 'Client.UnauthorizedOperation',
        request: { imageId: 'ami-1', launchPermission: { add: { items: [{ group: 'all' }] } } },
      }),
    },
    {
      name: 'ignores a description change',
      expect: false,
      record: event('ec2', 'ModifyImageAttribute', {
        request: { imageId: 'ami-1', description: { value: 'golden image' } },
      }),
    },
  ],
};
