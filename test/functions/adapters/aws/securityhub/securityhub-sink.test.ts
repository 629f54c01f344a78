import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSecurityHubSink } from '../../../../../functions/adapters/aws/securityhub/index.js';
import type { Alert } from '../../../../../functions/engine/findings/index.js';
import { hostileAlert } from '../../http/hostile.js';

const hub = mockClient(SecurityHubClient);
beforeEach(() => hub.reset());

/** A minimal ASFF stand-in: the sink must not care which mapping it is given. */
const toAsff = (alert: Alert): AwsSecurityFinding => ({
  SchemaVersion: '2018-10-08',
  Id: alert.id,
  ProductArn: 'arn:aws:securityhub:eu-west-1:999999999999:product/999999999999/default',
  GeneratorId: 'ct-anomaly',
  AwsAccountId: '999999999999',
  Types: ['TTPs'],
  CreatedAt: alert.createdAt,
  UpdatedAt: alert.createdAt,
  Severity: { Label: alert.severity.toUpperCase() as 'HIGH' },
  Title: alert.title.slice(0, 256),
  Description: alert.reasons.join(' ').slice(0, 1024) || alert.title,
  Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${alert.accounts[0]}` }],
});

function alerts(n: number): Alert[] {
  return Array.from({ length: n }, (_, i) => ({
    ...hostileAlert(),
    id: `${i.toString(16).padStart(6, '0')}abcdef0123456789abcdef01`,
  }));
}

describe('Security Hub sink', () => {
  it('imports in pages of 100 with the alert id as the finding id, so a revision updates the finding', async () => {
    hub.on(BatchImportFindingsCommand).resolves({ SuccessCount: 100, FailedCount: 0, FailedFindings: [] });

    const outcomes = await createSecurityHubSink({ client: new SecurityHubClient({}), toAsff }).send(alerts(150));

    const calls = hub.commandCalls(BatchImportFindingsCommand);
    expect(calls.map((c) => c.args[0].input.Findings!.length)).toEqual([100, 50]);
    expect(calls[0]!.args[0].input.Findings![0]!.Id).toBe(alerts(1)[0]!.id);
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it('retries FailedFindings with a transient error and reports the others per alert', async () => {
    const [a, b, c] = alerts(3);
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        SuccessCount: 1,
        FailedCount: 2,
        FailedFindings: [
          { Id: b!.id, ErrorCode: 'InternalException', ErrorMessage: 'Internal service failure' },
          { Id: c!.id, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to ASFF' },
        ],
      })
      .resolves({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });

    const outcomes = await createSecurityHubSink({
      client: new SecurityHubClient({}),
      toAsff,
      sleep: async () => undefined,
    }).send([a!, b!, c!]);

    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    expect(outcomes[2]!.reason).toBe('Security Hub: InvalidInput: Finding does not adhere to ASFF');
    expect(hub.commandCalls(BatchImportFindingsCommand)[1]!.args[0].input.Findings!.map((f) => f.Id)).toEqual([b!.id]);
  });

  it('fails every alert of a call Security Hub refuses, and a mapping error only its own alert', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .rejects(
        Object.assign(new Error('Account is not subscribed to AWS Security Hub'), { name: 'InvalidAccessException' }),
      );
    const bad = { ...alerts(1)[0]!, id: '0123456789abcdef0123456789abcdef' };
    const mapper = (alert: Alert) => {
      if (alert.id === bad.id) throw new Error('no account');
      return toAsff(alert);
    };

    const outcomes = await createSecurityHubSink({ client: new SecurityHubClient({}), toAsff: mapper }).send([
      ...alerts(2),
      bad,
    ]);

    expect(outcomes.map((o) => o.reason?.split(':').slice(0, 2).join(':'))).toEqual([
      'Security Hub: InvalidAccessException',
      'Security Hub: InvalidAccessException',
      'Security Hub: ASFF mapping failed',
    ]);
  });
});
