/**
 * The organization's ACTIVE accounts, for coverage. ListAccounts is paginated (20 per page by
 * default) and must be called from the management account or a delegated administrator.
 * @module
 */
import { paginateListAccounts, type Account, type OrganizationsClient } from '@aws-sdk/client-organizations';
import type { OrgAccount } from '../../../engine/aggregate/index.js';
import type { AwsCallCounter } from '../shared/index.js';

/** Whether an account is active: the newer `State` field when present, else the older `Status`. */
export function isActive(account: Account): boolean {
  if (account.State !== undefined) return account.State === 'ACTIVE';
  return account.Status === 'ACTIVE';
}

/** Every ACTIVE account, following NextToken to the end. */
export async function listActiveAccounts(client: OrganizationsClient, counter?: AwsCallCounter): Promise<OrgAccount[]> {
  const out: OrgAccount[] = [];
  for await (const page of paginateListAccounts({ client }, {})) {
    counter?.call('organizations:ListAccounts');
    for (const a of page.Accounts ?? []) {
      if (!a.Id || !isActive(a)) continue;
      out.push({
        id: a.Id,
        name: a.Name ?? a.Id,
        joinedAt: a.JoinedTimestamp ? a.JoinedTimestamp.toISOString() : null,
      });
    }
  }
  return out;
}
