import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { list, str, strings, text } from '../../fields.js';
import { clause, isEvent, req, res } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

/** Called in the member account: it leaves the administrator's view. */
const MEMBER_SIDE = ['DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount'];
/** Called in the administrator account about members. */
const ADMIN_SIDE = ['DisassociateMembers', 'DeleteMembers', 'StopMonitoringMembers'];

const memberSide = (r: CloudTrailRecord): boolean => isEvent(r, 'guardduty', ...MEMBER_SIDE);
/** Member accounts the call really removed: the response's unprocessedAccounts were left as they were. */
const accounts = (r: CloudTrailRecord): string[] => {
  const unprocessed = new Set(list(res(r, 'unprocessedAccounts')).map((u) => text(u, 'accountId')));
  return strings(req(r, 'accountIds')).filter((a) => !unprocessed.has(a));
};

/** A GuardDuty member cut off from the administrator account: its findings stop reaching the security team. */
export const memberDisassociated: RecordRule = {
  id: 'aws.guardduty.member-disassociated',
  title: 'GuardDuty member disassociated from its administrator',
  description:
    'In a member account, DisassociateFromAdministratorAccount (or the older DisassociateFromMasterAccount): its GuardDuty findings no longer reach the administrator account where the security team looks (high). In the administrator account, DisassociateMembers, DeleteMembers or StopMonitoringMembers for member accounts that the response does not list as unprocessedAccounts: medium, account closures do this routinely. The detector keeps running in the member, so this does not show as GuardDuty disabled.',
  severity: 'high',
  mitre: { tactic: 'TA0005 Defense Evasion', technique: 'T1562.001 Impair Defenses: Disable or Modify Tools' },
  runbook:
    "Re-invite the member from the administrator account (or let the organization auto-enable it), and review the member's recent activity, which the administrator did not see.",
  prefilter: [clause('guardduty', ...MEMBER_SIDE, ...ADMIN_SIDE)],
  match: (r) => memberSide(r) || (isEvent(r, 'guardduty', ...ADMIN_SIDE) && accounts(r).length > 0),
  titleOf: (r) =>
    memberSide(r)
      ? `GuardDuty in account ${str(r.recipientAccountId)} disassociated from its administrator`.replace(/\s+/g, ' ')
      : `GuardDuty members ${r.eventName === 'StopMonitoringMembers' ? 'no longer monitored' : 'removed'}: ${accounts(r).slice(0, 5).join(', ')}`,
  severityOf: (r) => (memberSide(r) ? 'high' : 'medium'),
  context: (r) => ({ memberAccounts: accounts(r), detectorId: req(r, 'detectorId') ?? null }),
  cases: [
    {
      name: 'flags a member leaving its administrator',
      expect: true,
      record: event('guardduty', 'DisassociateFromAdministratorAccount', { request: { detectorId: '12abc' } }),
    },
    {
      name: 'flags the administrator removing members',
      expect: true,
      record: event('guardduty', 'DeleteMembers', { request: { detectorId: '12abc', accountIds: ['444455556666'] } }),
    },
    {
      name: 'ignores a removal AWS left unprocessed for every account',
      expect: false,
      record: event('guardduty', 'DisassociateMembers', {
        request: { detectorId: '12abc', accountIds: ['444455556666'] },
        response: { unprocessedAccounts: [{ accountId: '444455556666', result: 'The request is rejected.' }] },
      }),
    },
    {
      name: 'ignores listing members',
      expect: false,
      record: event('guardduty', 'ListMembers', { request: { detectorId: '12abc' } }),
    },
    {
      name: 'ignores a denied attempt',
      expect: false,
      record: event('guardduty', 'DisassociateFromMasterAccount', {
        request: { detectorId: '12abc' },
        error: 'AccessDeniedException',
      }),
    },
  ],
};
