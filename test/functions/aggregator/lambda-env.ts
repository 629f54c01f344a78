/** Environment and AWS mocks for the Lambda end-to-end tests: DynamoDB is dynalite on loopback, the rest are SDK mocks. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { Finding } from '../../../functions/engine/findings/index.js';

export const TOPIC = 'arn:aws:sns:eu-west-1:999999999999:ct-anomaly-alerts';
export const BUS = 'arn:aws:events:eu-west-1:999999999999:event-bus/ct-anomaly';
export const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:999999999999:function:ct-anomaly-aggregator';

/** Mocks for every AWS client except DynamoDB. */
export function awsMocks() {
  const sns = mockClient(SNSClient);
  const events = mockClient(EventBridgeClient);
  const hub = mockClient(SecurityHubClient);
  const secrets = mockClient(SecretsManagerClient);
  const reset = () => {
    for (const m of [sns, events, hub, secrets]) m.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    events.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, i) => ({ EventId: `e${i}` })),
    }));
    hub.on(BatchImportFindingsCommand).resolves({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
  };
  reset();
  return { sns, events, hub, secrets, reset, restore: () => [sns, events, hub, secrets].forEach((m) => m.restore()) };
}

/** Sets the process environment for a Lambda module, returning a restore function. */
export function setEnv(values: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  Object.assign(process.env, values);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** Fake credentials and the dynalite endpoint: nothing reaches real AWS. */
export function baseEnv(dynamoEndpoint: string, table: string): Record<string, string> {
  return {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    CT_STATE_TABLE: table,
    CT_BUS_ARN: BUS,
    CT_SNS_TOPIC_ARN: TOPIC,
    CT_LOG_LEVEL: 'error',
  };
}

let messages = 0;

/** An SQS record carrying an EventBridge event from `account`. */
export function sqsRecord(account: string, detailType: string, detail: unknown, source = 'ct-anomaly.agent') {
  const messageId = `msg-${++messages}`;
  return {
    messageId,
    body: JSON.stringify({
      version: '0',
      id: `evt-${messages}`,
      'detail-type': detailType,
      source,
      account,
      time: '2026-11-20T11:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail,
    }),
  };
}

/** A finding batch record. */
export function findingRecord(findings: Finding[], account = findings[0]!.accountId) {
  return sqsRecord(account, 'Anomaly Finding', { schemaVersion: 1, groupKey: 'g', part: 0, parts: 1, findings });
}

export { GetSecretValueCommand, PublishCommand, PutEventsCommand, BatchImportFindingsCommand };
