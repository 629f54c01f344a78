/** AWS as an agent with a broken or a working trail access sees it: realistic responses of S3, Athena and EventBridge. */
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

export const ACCOUNT = '444455556666';
export const ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/ct-anomaly-agent-eu-west-1/ct-anomaly-detector`;
export const BUS = 'arn:aws:events:eu-west-1:222222222222:event-bus/ct-anomaly';
export const TRAIL = 'aws-controltower-logs-333333333333-eu-west-1';
export const TRAIL_URI = `s3://${TRAIL}/o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/${ACCOUNT}/CloudTrail/`;
export const CONFIG_URI = 's3://ct-anomaly-artifacts-222222222222-eu-west-1/config/ct-anomaly.json';
const KEY = `o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/${ACCOUNT}/CloudTrail/eu-west-1/2026/11/19/${ACCOUNT}_CloudTrail_eu-west-1_20261119T0005Z_abc.json.gz`;

/** The detector's environment as the member template sets it (the deployed agent's view). */
export const AGENT_ENV: Record<string, string> = {
  CT_BASELINE_TABLE: 'ct-anomaly-baseline',
  CT_ATHENA_DATABASE: 'ct_anomaly',
  CT_ATHENA_TABLE: 'cloudtrail',
  CT_ATHENA_WORKGROUP: 'ct-anomaly',
  CT_BUS_ARN: BUS,
  CT_CONFIG_URI: CONFIG_URI,
  CT_TRAIL_LOCATION: TRAIL_URI,
  CT_AGENT_VERSION: '3f2a9c1d0b7e4a55',
};

/** An S3 error as the SDK raises it (status, code, message). */
export function s3Error(name: string, message: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** What S3 says when the trail key's policy leaves the agent role out. */
export const KMS_DENIED = s3Error(
  'AccessDenied',
  `User: ${ROLE} is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
  403,
);

/** What EventBridge says when the bus policy does not let the principal in. */
export function busDenied(): Error {
  return Object.assign(
    new Error(
      `User: ${ROLE} is not authorized to perform: events:PutEvents on resource: ${BUS} because no resource-based policy allows the events:PutEvents action`,
    ),
    { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } },
  );
}

/** A response body as the SDK hands it over (only what the code under test reads). */
const body = (text: string) =>
  ({
    transformToString: async () => text,
    transformToByteArray: async () => new Uint8Array(Buffer.from(text)),
  }) as never;

/** Mocks of the three clients, healthy by default; tests break what they need. */
export function agentAws() {
  const s3 = mockClient(S3Client);
  const athena = mockClient(AthenaClient);
  const events = mockClient(EventBridgeClient);
  const healthy = () => {
    for (const m of [s3, athena, events]) m.reset();
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 1, Contents: [{ Key: KEY, Size: 2048 }] });
    s3.on(GetObjectCommand, { Bucket: TRAIL }).callsFake(() => ({
      Body: body('\u001f'),
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:eu-west-1:333333333333:key/11111111-2222-3333-4444-555555555555',
    }));
    s3.on(GetObjectCommand, { Bucket: 'ct-anomaly-artifacts-222222222222-eu-west-1' }).callsFake(() => ({
      Body: body('{"config":{}}'),
      ETag: '"e1"',
    }));
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-probe' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'SUCCEEDED' },
        Statistics: { DataScannedInBytes: 10_485_760, EngineExecutionTimeInMillis: 900 },
      },
    });
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'probe-1' }] });
  };
  healthy();
  return {
    s3,
    athena,
    events,
    healthy,
    clients: () => ({
      s3: new S3Client({ region: 'eu-west-1' }),
      athena: new AthenaClient({ region: 'eu-west-1' }),
      eventbridge: new EventBridgeClient({ region: 'eu-west-1' }),
    }),
    restore: () => [s3, athena, events].forEach((m) => m.restore()),
  };
}

export {
  GetObjectCommand,
  GetQueryExecutionCommand,
  ListObjectsV2Command,
  PutEventsCommand,
  StartQueryExecutionCommand,
};
