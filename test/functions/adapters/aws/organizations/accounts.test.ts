import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { listActiveAccounts } from '../../../../../functions/adapters/aws/organizations/index.js';

const org = mockClient(OrganizationsClient);
beforeEach(() => org.reset());

const account = (
  Id: string,
  Status: 'ACTIVE' | 'SUSPENDED',
  State?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED',
) => ({
  Id,
  Name: `name-${Id.slice(-2)}`,
  Arn: `arn:aws:organizations::999999999999:account/o-abc/${Id}`,
  Email: `${Id}@example.com`,
  Status,
  ...(State ? { State } : {}),
  JoinedMethod: 'CREATED' as const,
  JoinedTimestamp: new Date('2025-01-02T03:04:05Z'),
});

describe('organization accounts', () => {
  it('follows NextToken through every page and keeps only ACTIVE accounts', async () => {
    org
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({
        Accounts: [account('111111111111', 'ACTIVE'), account('222222222222', 'SUSPENDED')],
        NextToken: 'page-2',
      })
      .on(ListAccountsCommand, { NextToken: 'page-2' })
      .resolves({
        Accounts: [account('333333333333', 'ACTIVE', 'PENDING_CLOSURE'), account('444444444444', 'ACTIVE', 'ACTIVE')],
      });

    const accounts = await listActiveAccounts(new OrganizationsClient({}));

    expect(accounts).toEqual([
      { id: '111111111111', name: 'name-11', joinedAt: '2025-01-02T03:04:05.000Z' },
      { id: '444444444444', name: 'name-44', joinedAt: '2025-01-02T03:04:05.000Z' },
    ]);
    expect(org.commandCalls(ListAccountsCommand)).toHaveLength(2);
  });
});
