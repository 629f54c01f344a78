import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSnsSink, snsSubject } from '../../../../../functions/adapters/aws/sns/index.js';
import { HOSTILE, hostileAlert } from '../../http/hostile.js';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-1:999999999999:ct-anomaly-alerts';
beforeEach(() => sns.reset());

describe('SNS sink', () => {
  it('publishes a one-line ASCII subject under 100 characters, a JSON body and a plain-text email body', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alert = hostileAlert();

    const outcomes = await createSnsSink({ client: new SNSClient({}), topicArn: TOPIC }).send([alert]);

    expect(outcomes).toEqual([{ alertId: alert.id, ok: true }]);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.TopicArn).toBe(TOPIC);
    expect(input.Subject!.length).toBeLessThan(100);
    expect(input.Subject).toMatch(/^\[HIGH\] ct-anomaly: /);
    expect(input.Subject).not.toMatch(/[\r\n]|[^\x20-\x7e]/);
    expect(input.MessageStructure).toBe('json');
    const message = JSON.parse(input.Message!);
    expect(JSON.parse(message.default).values).toEqual([HOSTILE]);
    expect(message.email).toContain('Accounts:   111111111111');
    expect(input.MessageAttributes?.severity).toEqual({ DataType: 'String', StringValue: 'high' });
  });

  it('keeps a subject readable when the title is long or not ASCII', () => {
    const subject = snsSubject({ ...hostileAlert(), title: `Rôle Déployeur ${'x'.repeat(200)}` });
    expect(subject).toMatch(/^\[HIGH\] ct-anomaly: Role Deployeur x+\.\.\.$/);
    expect(subject.length).toBe(99);
  });

  it('reports a failed publish per alert after retrying throttling, and publishes the others', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    const denied = Object.assign(new Error('not authorized to perform: SNS:Publish'), {
      name: 'AuthorizationError',
      $metadata: { httpStatusCode: 403 },
    });
    sns.on(PublishCommand).rejectsOnce(throttled).resolvesOnce({ MessageId: 'm-1' }).rejects(denied);
    const a = hostileAlert();
    const b = { ...hostileAlert(), id: 'ffffffffffffffffffffffffffffffff' };

    const outcomes = await createSnsSink({
      client: new SNSClient({}),
      topicArn: TOPIC,
      sleep: async () => undefined,
      concurrency: 1,
    }).send([a, b]);

    expect(outcomes[0]).toEqual({ alertId: a.id, ok: true });
    expect(outcomes[1]).toMatchObject({ ok: false });
    expect(outcomes[1]!.reason).toContain('AuthorizationError');
  });
});
