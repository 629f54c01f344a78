/**
 * One config for every runtime: a suppression (with its owner), a disabled rule and a changed threshold
 * behave the same in a scan and in the cloud (the agent over the Athena twin and DynamoDB on dynalite,
 * findings through EventBridge, the aggregator with its state on dynalite), and the config reaches the
 * cloud as the deployed S3 object, read again at every run: a new version changes what the next run
 * does, with no code deployed.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAggregatorState, stateDocumentClient } from '../../../functions/adapters/aws/aggregator-state/index.js';
import { DynamoBaselineStore, documentClient } from '../../../functions/adapters/aws/dynamodb/index.js';
import { EventBridgeFindingBus } from '../../../functions/adapters/aws/eventbridge/index.js';
import { configObjectReader } from '../../../functions/adapters/aws/s3/index.js';
import { AwsCallCounter } from '../../../functions/adapters/aws/shared/index.js';
import { createAggregatorHandler } from '../../../functions/aggregator/handler.js';
import type { CloudTrailRecord } from '../../../functions/engine/cloudtrail/index.js';
import type { Alert } from '../../../functions/engine/findings/index.js';
import { event, identity } from '../../../functions/engine/rules/case-builder.js';
import { runAgent } from '../../../functions/pipeline/agent-run.js';
import { createAlertPipeline } from '../../../functions/pipeline/alerts.js';
import { parseConfigText } from '../../../functions/pipeline/config.js';
import { configSource } from '../../../functions/pipeline/config-source.js';
import { renderDeployedConfig } from '../../../functions/pipeline/deployed-config.js';
import { createLogger } from '../../../functions/pipeline/log.js';
import { runScan } from '../../../functions/pipeline/scan.js';
import { alertsOfScan } from '../../../functions/pipeline/scan-alerts.js';
import { accountLocation, openTwinDuck, twinSource } from '../../support/athena-twin.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { useTempDir } from '../../support/temp-dir.js';

const ACCOUNT = '210987654321';
const ORG = 'o-oneconfig01';
const START = Date.parse('2026-04-01T00:00:00Z');
const NOW = START + 2 * 86_400_000;
const BUS = 'arn:aws:events:eu-west-1:999999999999:event-bus/ct-anomaly';
const URI = 's3://ct-anomaly-artifacts-999999999999-eu-west-1/config/ct-anomaly.json';

const CONFIG = `# what a SOC would tune after the learning period
learningDays: 0
organizationAccountIds: ["${ACCOUNT}"]
rules:
  disabled: [aws.s3.versioning-suspended]
  thresholds:
    secretsRetrieved: 5
suppressions:
  - id: ci-trail-rotation
    owner: platform-team
    reason: CI rotates the audit trail every release (PLAT-42)
    principal: "arn:aws:iam::*:role/ci-deployer"
    rule: aws.cloudtrail.trail-stopped
`;

const at = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const dir = useTempDir('ct-one-config-', 'all');
let dynamo: LocalDynamo;
let closeDuck: () => void;
let connection: DuckDBConnection;
const s3 = mockClient(S3Client);
const eb = mockClient(EventBridgeClient);
let sent: PutEventsRequestEntry[] = [];

/** Serves the deployed config object like S3: an ETag per version, 304 for the version the caller has. */
function serve(text: string, etag: string): void {
  s3.reset();
  s3.on(GetObjectCommand).callsFake((input: { IfNoneMatch?: string }) => {
    if (input.IfNoneMatch === etag)
      throw Object.assign(new Error('Not Modified'), { name: 'NotModified', $metadata: { httpStatusCode: 304 } });
    return { ETag: etag, Body: { transformToString: async () => text } };
  });
}

/** The account's activity: a versioning suspension, a trail stopped by CI, six secrets read by one user. */
function records(): CloudTrailRecord[] {
  const ci = identity.role('ci-deployer', 'release-9', ACCOUNT);
  const alice = identity.user('alice', ACCOUNT);
  const t = START + 86_400_000 + 10 * 3_600_000;
  return [
    event('s3', 'PutBucketVersioning', {
      as: alice,
      account: ACCOUNT,
      time: at(t),
      request: { bucketName: 'logs', VersioningConfiguration: { Status: 'Suspended' } },
    }),
    event('cloudtrail', 'StopLogging', {
      as: ci,
      account: ACCOUNT,
      time: at(t + 60_000),
      request: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/audit` },
    }),
    ...Array.from({ length: 6 }, (_, i) =>
      event('secretsmanager', 'GetSecretValue', {
        as: alice,
        account: ACCOUNT,
        time: at(t + (2 + i) * 60_000),
        request: { secretId: `prod/app/secret-${i}` },
      }),
    ),
  ];
}

function writeFolder(): string {
  const root = join(dir(), 'org');
  const folder = join(accountLocation(root, ORG, ACCOUNT), 'us-east-1', '2026', '04', '02');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, `${ACCOUNT}_CloudTrail_us-east-1_20260402T1015Z_aaaabbbbccccdddd.json.gz`),
    gzipSync(JSON.stringify({ Records: records() })),
  );
  return root;
}

/** What an alert stands for, whatever the runtime: its kind, findings, severity and suppression. */
const shape = (alerts: readonly Alert[]) =>
  alerts
    .map((a) => ({
      kind: a.kind,
      findings: a.findings.map((f) => f.id).sort(),
      severity: a.severity,
      suppressed: a.suppressed?.reason ?? null,
    }))
    .sort((a, b) => (a.findings.join() < b.findings.join() ? -1 : 1));

beforeAll(async () => {
  dynamo = await startDynalite();
  ({ connection, close: closeDuck } = await openTwinDuck());
});
afterAll(async () => {
  closeDuck();
  await dynamo.stop();
  s3.restore();
  eb.restore();
});
beforeEach(() => {
  sent = [];
  eb.reset();
  eb.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    sent.push(...input.Entries);
    return { FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e${i}` })) };
  });
});

let tables = 0;
/** One agent run then one aggregator batch over what the agent put on the bus; returns the alerts. */
async function cloud(root: string, loadConfig: ReturnType<typeof configSource>): Promise<Alert[]> {
  tables++;
  await dynamo.createTable(`baseline-${tables}`);
  await dynamo.createTable(`state-${tables}`);
  const baseline = new DynamoBaselineStore({
    tableName: `baseline-${tables}`,
    client: documentClient(dynamo.client()),
  });
  await baseline.putCheckpoint({
    accountId: ACCOUNT,
    delivered: { '*': new Date(START).toISOString() },
    watermark: new Date(START).toISOString(),
    updatedAt: new Date(START).toISOString(),
    runId: 'deploy',
  });
  const run = await loadConfig();
  const location = accountLocation(root, ORG, ACCOUNT);
  const files = () =>
    readdirSync(location, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json.gz'))
      .map((f) => join(location, f));
  await runAgent(
    {
      config: { detection: run.config, maxWindowsPerRun: 1000, extraRules: run.extraRules },
      accountId: ACCOUNT,
      region: 'us-east-1',
      source: twinSource(connection, { location, accountId: ACCOUNT, regions: ['us-east-1'], files, nowMs: () => NOW }),
      baseline,
      bus: new EventBridgeFindingBus({ busArn: BUS, client: new EventBridgeClient({ region: 'eu-west-1' }) }),
      counter: new AwsCallCounter(),
      log: createLogger('error', {}, () => {}),
      clock: () => new Date(NOW),
      emit: () => {},
    },
    { runId: `run-${tables}`, remainingMs: () => 600_000 },
  );
  // The bus delivers the agent's events to the aggregator's queue, stamped with the sending account.
  const findings = sent.filter((e) => e.DetailType === 'Anomaly Finding');
  const state = new DynamoAggregatorState({
    tableName: `state-${tables}`,
    client: stateDocumentClient(dynamo.client()),
  });
  const alerts: Alert[] = [];
  const handler = createAggregatorHandler({
    // The Lambda's aggregator, built from the config object as the entry point builds it; what it alerts is kept.
    aggregator: async () => {
      const inner = createAlertPipeline({
        config: (await loadConfig()).config,
        state,
        now: () => new Date(NOW).toISOString(),
      });
      return {
        ...inner,
        ingest: async (envelopes) => {
          const result = await inner.ingest(envelopes);
          alerts.push(...result.alerts);
          return result;
        },
      };
    },
    log: createLogger('error', {}, () => {}),
    emit: () => {},
  });
  const response = await handler({
    Records: findings.map((e, i) => ({
      messageId: `m${i}`,
      body: JSON.stringify({
        id: `ev-${i}`,
        account: ACCOUNT,
        source: e.Source,
        'detail-type': e.DetailType,
        time: new Date(NOW).toISOString(),
        detail: JSON.parse(e.Detail!),
      }),
    })),
  });
  expect(response).toEqual({ batchItemFailures: [] });
  return alerts;
}

describe('one config in the scan and in the cloud', () => {
  it('applies the suppression (with its owner), the disabled rule and the threshold the same way', async () => {
    const root = writeFolder();
    const { config } = parseConfigText(CONFIG, 'detection.yaml');
    const scan = await runScan({ paths: [root], stateDir: join(dir(), 'state'), config, learnOnly: false, nowMs: NOW });
    const local = await alertsOfScan(scan, config, join(dir(), 'state'), new Date(NOW).toISOString());
    const rules = local.alerts.flatMap((a) => a.findings.filter((f) => f.kind === 'rule').map((f) => f.detectorId));
    expect(rules).not.toContain('aws.s3.versioning-suspended');
    expect(rules).toContain('aws.secretsmanager.secrets-retrieved-in-bulk');
    const suppressed = local.alerts.filter((a) => a.suppressed !== null);
    expect(suppressed.map((a) => a.findings[0]!.detectorId)).toEqual(['aws.cloudtrail.trail-stopped']);
    expect(suppressed[0]!.suppressed!.reason).toContain('owner platform-team');

    serve(renderDeployedConfig(CONFIG, 'detection.yaml'), '"v1"');
    const source = configSource(configObjectReader({ client: new S3Client({ region: 'eu-west-1' }), uri: URI }), URI);
    const alerts = await cloud(root, source);
    expect(shape(alerts)).toEqual(shape(local.alerts));
  });

  it('reaches the agents at their next run when the object changes, and reads a 304 when it does not', async () => {
    const root = writeFolder();
    serve(renderDeployedConfig(CONFIG, 'detection.yaml'), '"v1"');
    const reader = configSource(configObjectReader({ client: new S3Client({ region: 'eu-west-1' }), uri: URI }), URI);
    const first = await cloud(root, reader);
    expect(first.flatMap((a) => a.findings.map((f) => f.detectorId))).not.toContain('aws.s3.versioning-suspended');
    // Read once, then asked again with the version it holds: S3 answers 304 and the parsed config is reused.
    const asked = s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.IfNoneMatch);
    expect(asked[0]).toBeUndefined();
    expect(asked.slice(1).every((v) => v === '"v1"')).toBe(true);
    expect(asked.length).toBeGreaterThan(1);
    // The SOC re-enables the rule: a new object version, no code deployed.
    serve(
      renderDeployedConfig(CONFIG.replace('disabled: [aws.s3.versioning-suspended]', 'disabled: []'), 'detection.yaml'),
      '"v2"',
    );
    const second = await cloud(root, reader);
    expect(second.flatMap((a) => a.findings.map((f) => f.detectorId))).toContain('aws.s3.versioning-suspended');
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input.IfNoneMatch).toBe('"v1"');
  });
});
