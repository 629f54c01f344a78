import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { GuardRails } from '../../../modules/shared/index.js';

const synthWith = (add: (scope: Construct) => void): string => {
  const stack = new TerraformStack(Testing.app(), 'guarded');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  add(stack);
  Aspects.of(stack).add(new GuardRails());
  return Testing.synth(stack);
};

describe('guard rails (Aspect)', () => {
  it('let compliant resources through', () => {
    expect(() =>
      synthWith((s) => {
        new CloudwatchLogGroup(s, 'logs', { name: '/x', retentionInDays: 30 });
        new SqsQueue(s, 'queue', { name: 'q', sqsManagedSseEnabled: true });
        new DynamodbTable(s, 'table', {
          name: 't',
          hashKey: 'pk',
          attribute: [{ name: 'pk', type: 'S' }],
          ttl: { attributeName: 'ttl', enabled: true },
          serverSideEncryption: { enabled: true },
        });
      }),
    ).not.toThrow();
  });

  it('stop the synth on a log group kept forever, naming it', () => {
    expect(() => synthWith((s) => new CloudwatchLogGroup(s, 'forever', { name: '/x' }))).toThrow(
      /guarded\/forever: log group without retention_in_days/,
    );
  });

  it('stop the synth on an unencrypted queue or topic', () => {
    expect(() => synthWith((s) => new SqsQueue(s, 'plain', { name: 'q' }))).toThrow(/queue without encryption/);
    expect(() => synthWith((s) => new SnsTopic(s, 'plain-topic', { name: 't' }))).toThrow(/topic without a KMS key/);
  });

  it('stop the synth on a table without TTL', () => {
    expect(() =>
      synthWith(
        (s) =>
          new DynamodbTable(s, 'no-ttl', {
            name: 't',
            hashKey: 'pk',
            attribute: [{ name: 'pk', type: 'S' }],
            serverSideEncryption: { enabled: true },
          }),
      ),
    ).toThrow(/no-ttl: table without TTL/);
  });
});
