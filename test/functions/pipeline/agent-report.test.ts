/** What an agent's heartbeat says about its run: outcome, error class, watermark lag, version. */
import { describe, expect, it } from 'vitest';
import { AthenaQueryError, AthenaTimeoutError } from '../../../functions/adapters/aws/athena/index.js';
import { RetriesExhaustedError } from '../../../functions/adapters/aws/shared/index.js';
import type { Finding, FindingBus, Heartbeat } from '../../../functions/engine/findings/index.js';
import {
  type AgentReport,
  classifyRunError,
  reportFailedStart,
  RunOutcome,
  sendHeartbeat,
  stampHeartbeats,
} from '../../../functions/pipeline/agent-report.js';
import { ConfigError } from '../../../functions/pipeline/errors.js';
import { createLogger } from '../../../functions/pipeline/log.js';

const ACCOUNT = '111122223333';
const AT = new Date('2026-11-20T12:20:00.000Z');

function recordingBus(): FindingBus & { beats: Heartbeat[] } {
  const beats: Heartbeat[] = [];
  return {
    beats,
    publish: async (findings: readonly Finding[]) => ({ published: findings.length, failed: [] }),
    heartbeat: async (h: Heartbeat) => {
      beats.push(h);
    },
  };
}

function report(over: Partial<AgentReport> = {}): AgentReport {
  return {
    runId: 'run-1',
    accountId: ACCOUNT,
    mode: 'scheduled',
    outcome: RunOutcome.Complete,
    from: '2026-11-20T11:00:00.000Z',
    to: '2026-11-20T12:00:00.000Z',
    watermark: '2026-11-20T12:00:00.000Z',
    resumeFrom: null,
    windows: 1,
    events: 4,
    serviceEvents: 0,
    findings: { firstSeen: 0, rule: 0, published: 0 },
    learned: 4,
    athena: { queries: 1, bytesScanned: 10, executionMs: 5, candidatesTruncated: 0 },
    calls: {},
    items: { read: 0, written: 0 },
    durationMs: 1000,
    error: null,
    ...over,
  };
}

const deps = (bus: FindingBus) => ({
  bus,
  accountId: ACCOUNT,
  region: 'eu-west-1',
  clock: () => AT,
  log: createLogger('error', {}, () => {}),
});

describe('classifyRunError', () => {
  it.each([
    [
      'S3 refusing the trail (Athena StateChangeReason)',
      new AthenaQueryError(
        'q-1',
        'FAILED',
        'Permission denied on S3 path: s3://org-trail/AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/2026/11/20',
      ),
      'trail-access-denied',
    ],
    [
      'S3 403 in the reason',
      'Athena query q-2 FAILED: Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied)',
      'trail-access-denied',
    ],
    [
      'KMS refusing the trail key',
      'Athena query q-3 FAILED: HIVE_CURSOR_ERROR: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)',
      'trail-key-denied',
    ],
    [
      'another Athena failure',
      'Athena query q-4 FAILED: TABLE_NOT_FOUND: line 3:8: Table ct_anomaly.cloudtrail does not exist',
      'athena',
    ],
    ['an Athena timeout', new AthenaTimeoutError('q-5', 'RUNNING', 600_000), 'athena'],
    [
      'findings the bus refused',
      '3 finding(s) of account 111122223333 in window 2026-11-20T11:00:00.000Z could not be published: AccessDeniedException',
      'publish',
    ],
    [
      'an unreadable config',
      new ConfigError('cannot read the config s3://b/config/ct-anomaly.json: AccessDenied'),
      'config',
    ],
    [
      'the baseline table',
      new RetriesExhaustedError('dynamodb:BatchGetItem', 6, new Error('ProvisionedThroughputExceededException')),
      'baseline',
    ],
    ['anything else', new Error('socket hang up'), 'unknown'],
  ])('classifies %s', (_, error, expected) => {
    expect(classifyRunError(error)).toBe(expected);
  });
});

describe('the heartbeat of a run', () => {
  it('carries the outcome, no error class and how far the watermark lags at the end of a good run', async () => {
    const bus = recordingBus();

    await sendHeartbeat(deps(bus), report(), '2026-11-20T12:19:00.000Z', []);

    expect(bus.beats[0]).toMatchObject({
      outcome: 'complete',
      mode: 'scheduled',
      errorClass: null,
      error: null,
      watermarkLagMinutes: 20,
      counts: { failed: 0 },
    });
  });

  it('carries the failure, its class and a trimmed message when the run failed', async () => {
    const bus = recordingBus();
    const error = `Athena query q-1 FAILED: Access Denied (Service: Amazon S3; Status Code: 403)${' x'.repeat(400)}`;

    await sendHeartbeat(
      deps(bus),
      report({ outcome: RunOutcome.Failed, watermark: null, error }),
      AT.toISOString(),
      [],
    );

    expect(bus.beats[0]).toMatchObject({
      outcome: 'failed',
      errorClass: 'trail-access-denied',
      watermarkLagMinutes: null,
      counts: { failed: 1 },
    });
    expect(bus.beats[0]!.error!.length).toBe(500);
  });

  it('is stamped with the agent version by the bus the handler wires', async () => {
    const bus = recordingBus();

    await sendHeartbeat(
      deps(stampHeartbeats(bus, { agentVersion: '3f2a9c1d0b7e4a55' })),
      report(),
      AT.toISOString(),
      [],
    );

    expect(bus.beats[0]!.agentVersion).toBe('3f2a9c1d0b7e4a55');
  });

  it('reports a run that could not start (config unreadable) as failed, with a metrics line', async () => {
    const bus = recordingBus();
    const lines: string[] = [];

    const failed = await reportFailedStart(
      { ...deps(bus), emit: (l) => lines.push(l) },
      'req-9',
      new ConfigError('cannot read the config s3://artifacts/config/ct-anomaly.json: AccessDenied: Access Denied'),
    );

    expect(failed.outcome).toBe('failed');
    expect(bus.beats).toHaveLength(1);
    expect(bus.beats[0]).toMatchObject({ runId: 'req-9', outcome: 'failed', errorClass: 'config' });
    expect(JSON.parse(lines[0]!)).toMatchObject({ RunFailed: 1, AccountId: ACCOUNT });
  });
});
