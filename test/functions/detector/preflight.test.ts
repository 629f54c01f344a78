/**
 * The agent's preflight, as `ct-anomaly doctor` runs it: the detector's own handler with its role's view of
 * AWS (SDK mocks answering as AWS does), one verdict per check, and for each failure the problem and the fix.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readDetectorEnv } from '../../../functions/detector/config.js';
import { createPreflightHandler, isPreflightEvent } from '../../../functions/detector/preflight.js';
import {
  ACCOUNT,
  AGENT_ENV,
  agentAws,
  BUS,
  busDenied,
  GetObjectCommand,
  GetQueryExecutionCommand,
  KMS_DENIED,
  ListObjectsV2Command,
  PutEventsCommand,
  s3Error,
  StartQueryExecutionCommand,
  TRAIL,
} from './preflight-fakes.js';

const aws = agentAws();
const context = {
  awsRequestId: 'req-doctor',
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:ct-anomaly-detector`,
  getRemainingTimeInMillis: () => 300_000,
};
const handler = () =>
  createPreflightHandler({
    env: readDetectorEnv(AGENT_ENV),
    clients: { ...aws.clients(), dynamodb: { send: async () => ({}) } as never },
    region: 'eu-west-1',
    clock: () => new Date('2026-11-20T09:00:00Z'),
    sleep: async () => {},
  });
const check = (report: Awaited<ReturnType<ReturnType<typeof handler>>>, name: string) =>
  report.checks.find((c) => c.check === name)!;

beforeEach(() => aws.healthy());
afterAll(() => aws.restore());

describe('agent preflight', () => {
  it('is asked for with { "preflight": {} }, and only then', () => {
    expect(isPreflightEvent({ preflight: {} })).toBe(true);
    expect(isPreflightEvent({ source: 'aws.events' })).toBe(false);
    expect(isPreflightEvent({ backfill: { days: 90 } })).toBe(false);
  });

  it("passes every check with the agent's access in place, looking at yesterday's files and query", async () => {
    const report = await handler()({ preflight: {} }, context);

    expect(report).toMatchObject({
      ok: true,
      accountId: ACCOUNT,
      region: 'eu-west-1',
      agentVersion: '3f2a9c1d0b7e4a55',
    });
    expect(report.checks.map((c) => [c.check, c.ok])).toEqual([
      ['list-trail', true],
      ['read-trail', true],
      ['athena-query', true],
      ['config-object', true],
      ['publish', true],
    ]);
    expect(aws.s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toMatchObject({
      Bucket: TRAIL,
      Prefix: `o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/${ACCOUNT}/CloudTrail/eu-west-1/2026/11/19/`,
    });
    expect(check(report, 'read-trail').detail).toMatch(/SSE-KMS arn:aws:kms/);
    expect(aws.athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input).toMatchObject({
      WorkGroup: 'ct-anomaly',
      QueryString: `SELECT count(*) AS records FROM "ct_anomaly"."cloudtrail" WHERE region = 'eu-west-1' AND "date" = '2026/11/19'`,
    });
    const probe = aws.events.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!;
    expect(probe).toMatchObject({ EventBusName: BUS, Source: 'ct-anomaly.agent', DetailType: 'Anomaly Finding' });
    expect(JSON.parse(probe.Detail!).findings).toEqual([]);
  });

  it('says the log-archive bucket policy is missing when S3 refuses the listing, and does not try to read', async () => {
    aws.s3.on(ListObjectsV2Command).rejects(s3Error('AccessDenied', 'Access Denied', 403));

    const report = await handler()({ preflight: {} }, context);

    expect(report.ok).toBe(false);
    expect(check(report, 'list-trail')).toMatchObject({
      ok: false,
      problem: 'AccessDenied: Access Denied',
      fix: expect.stringMatching(/log-archive bucket policy statements .* logArchive\.mode: replica/),
    });
    expect(check(report, 'read-trail').problem).toBe('not checked: nothing was listed');
    expect(aws.s3.commandCalls(GetObjectCommand, { Bucket: TRAIL })).toHaveLength(0);
  });

  it('names the trail key when S3 cannot decrypt the file for the agent', async () => {
    aws.s3.on(GetObjectCommand, { Bucket: TRAIL }).rejects(KMS_DENIED);

    const report = await handler()({ preflight: {} }, context);

    expect(check(report, 'list-trail').ok).toBe(true);
    expect(check(report, 'read-trail')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/kms:Decrypt/),
      fix: expect.stringMatching(/key policy statement .*trail\.kmsKeyArn/),
    });
  });

  it('says the prefix is empty (wrong trail prefix or layout), and names a missing bucket', async () => {
    aws.s3.on(ListObjectsV2Command).resolves({ KeyCount: 0 });
    const empty = await handler()({ preflight: {} }, context);
    expect(check(empty, 'list-trail').fix).toMatch(/trail\.prefix and trail\.organizationIdInPath/);
    expect(aws.s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix)).toEqual([
      `o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/${ACCOUNT}/CloudTrail/eu-west-1/2026/11/19/`,
      `o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/${ACCOUNT}/CloudTrail/`,
    ]);

    aws.s3.on(ListObjectsV2Command).rejects(s3Error('NoSuchBucket', 'The specified bucket does not exist', 404));
    const missing = await handler()({ preflight: {} }, context);
    expect(check(missing, 'list-trail').fix).toMatch(/trail\.bucket names no bucket/);
  });

  it("turns Athena's reason into the fix", async () => {
    aws.athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'FAILED',
          StateChangeReason: `Permission denied on S3 path: s3://${TRAIL}/o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/${ACCOUNT}/CloudTrail/eu-west-1/2026/11/19`,
        },
      },
    });

    const report = await handler()({ preflight: {} }, context);

    expect(check(report, 'athena-query')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^QueryFailed: Permission denied on S3 path/),
      fix: expect.stringMatching(/log-archive bucket policy/),
    });
  });

  it('says the config object is missing, and that the bus policy refuses the agent', async () => {
    aws.s3
      .on(GetObjectCommand, { Bucket: 'ct-anomaly-artifacts-222222222222-eu-west-1' })
      .rejects(s3Error('NoSuchKey', 'The specified key does not exist.', 404));
    aws.events.on(PutEventsCommand).rejects(busDenied());

    const report = await handler()({ preflight: {} }, context);

    expect(check(report, 'config-object')).toMatchObject({ ok: false, fix: expect.stringMatching(/^deploy again/) });
    expect(check(report, 'publish')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^AccessDeniedException: .*no resource-based policy allows the events:PutEvents/),
      fix: expect.stringMatching(/bus policy lets only the agents' roles/),
    });
  });
});
