/**
 * One generated organization (3 accounts, 20 days, malformed inputs on), checked as a black box:
 * the S3 layout, the records, the ground truth and the injected anomalies.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type CloudTrailRecord, actionOf, principalOf } from '../../../functions/engine/cloudtrail/index.js';
import { RULE_IDS, generateOrganization, resolveOptions } from '../../../functions/generator/index.js';
import { type Output, deliveryTimeOf, readOutput } from './support.js';
import { useTempDir } from '../../support/temp-dir.js';

const DAY = 86_400_000;
const LEARNING_DAYS = 14;
let out: Output;
const dir = useTempDir('ct-gen-main-', 'all', { inMemory: true });

beforeAll(async () => {
  const resolved = resolveOptions({
    accounts: 3,
    days: 20,
    seed: 'gt',
    out: dir(),
    withMalformed: true,
    activity: 0.1,
    learningDays: LEARNING_DAYS,
  });
  if (!resolved.ok) throw new Error(resolved.reason);
  await generateOrganization(resolved.options);
  out = readOutput(dir());
});

const recordsOf = (ids: readonly string[]): CloudTrailRecord[] =>
  ids.map((id) => out.byEventId.get(id)?.[0]?.record).filter((r): r is CloudTrailRecord => r !== undefined);
const timeOf = (r: CloudTrailRecord): number => Date.parse(r.eventTime as string);

describe('S3 layout', () => {
  it('names every delivery file as CloudTrail does, dated by its delivery', () => {
    const pattern =
      /^AWSLogs\/(o-[a-z0-9]{10,32})\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8})T(\d{4})Z_([A-Za-z0-9]{16})\.json\.gz$/;
    const delivery = out.files.filter((f) => f.includes('/CloudTrail/'));
    expect(delivery.length).toBeGreaterThan(100);
    for (const path of delivery) {
      const m = pattern.exec(path);
      expect(m, path).not.toBeNull();
      const [, , account, region, y, mo, d, account2, region2, stamp] = m as RegExpExecArray;
      expect(account2).toBe(account);
      expect(region2).toBe(region);
      expect(stamp).toBe(`${y}${mo}${d}`);
    }
  });

  it('puts each record in its own account and region, delivered minutes after the event', () => {
    const late = new Set(
      out.truth
        .filter((t) => t.type === 'late' || t.type === 'duplicate' || t.type === 'future')
        .flatMap((t) => t.eventIds),
    );
    for (const { path, record } of out.delivered) {
      const [, , account, , region] = path.split('/');
      expect(record.recipientAccountId).toBe(account);
      expect(record.awsRegion).toBe(region);
      if (late.has(record.eventID as string)) continue;
      const lag = deliveryTimeOf(path) - timeOf(record);
      expect(lag, `${path} ${record.eventTime}`).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThanOrEqual(10 * 60_000);
    }
  });

  it('files events from just before midnight under the next day', () => {
    const crossing = out.delivered.filter(
      ({ path, record }) => new Date(deliveryTimeOf(path)).getUTCDate() !== new Date(timeOf(record)).getUTCDate(),
    );
    expect(crossing.length).toBeGreaterThan(0);
    for (const { path } of crossing.slice(0, 20))
      expect(path).toContain(new Date(deliveryTimeOf(path)).toISOString().slice(0, 10).replace(/-/g, '/'));
  });

  it('writes one digest file and one Insights file in their own prefixes', () => {
    const digest = out.files.filter((f) => f.includes('/CloudTrail-Digest/'));
    const insight = out.files.filter((f) => f.includes('/CloudTrail-Insight/'));
    expect(digest).toHaveLength(1);
    expect(digest[0]).toMatch(/_CloudTrail-Digest_[a-z0-9-]+_.+_\d{8}T\d{6}Z\.json\.gz$/);
    expect(insight).toHaveLength(1);
    expect(insight[0]).toMatch(/_CloudTrail-Insight_[a-z0-9-]+_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/);
  });
});

describe('records', () => {
  const BASE_FIELDS = [
    'eventVersion',
    'userIdentity',
    'eventTime',
    'eventSource',
    'eventName',
    'awsRegion',
    'sourceIPAddress',
    'userAgent',
    'requestParameters',
    'responseElements',
    'eventID',
    'readOnly',
    'eventType',
    'managementEvent',
    'recipientAccountId',
    'eventCategory',
  ];

  it('carries the fields real CloudTrail records carry', () => {
    const problems: string[] = [];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const { record } of out.delivered) {
      const where = `${record.eventSource}:${record.eventName} ${record.eventID}`;
      for (const field of BASE_FIELDS) if (!(field in record)) problems.push(`${where}: no ${field}`);
      if (!uuid.test(record.eventID as string)) problems.push(`${where}: eventID`);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(record.eventTime as string))
        problems.push(`${where}: eventTime`);
      if (!['AwsApiCall', 'AwsConsoleSignIn', 'AwsServiceEvent'].includes(record.eventType as string))
        problems.push(`${where}: eventType`);
      if (record.eventType !== 'AwsServiceEvent' && typeof record.requestID !== 'string')
        problems.push(`${where}: requestID`);
      if (
        record.eventType === 'AwsApiCall' &&
        /^\d+\.\d+\.\d+\.\d+$/.test(record.sourceIPAddress as string) &&
        !record.tlsDetails?.clientProvidedHostHeader
      )
        problems.push(`${where}: tlsDetails`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('writes userIdentity as AWS does for each identity type', () => {
    const types = new Set<string>();
    const problems: string[] = [];
    for (const { record } of out.delivered) {
      const ui = record.userIdentity ?? {};
      const where = `${ui.type} ${record.eventName} ${record.eventID}`;
      const check = (ok: boolean, what: string): void => {
        if (!ok) problems.push(`${where}: ${what}`);
      };
      types.add(ui.type ?? 'None');
      if (ui.type === 'AssumedRole') {
        const issuer = ui.sessionContext?.sessionIssuer;
        check(/^arn:aws:sts::\d{12}:assumed-role\/[^/]+\/.+$/.test(ui.arn ?? ''), 'arn');
        check(/^AROA[A-Z2-7]{17}:.+$/.test(ui.principalId ?? ''), 'principalId');
        check(
          issuer?.type === 'Role' &&
            issuer.accountId === ui.accountId &&
            /^arn:aws:iam::\d{12}:role\//.test(issuer.arn ?? '') &&
            issuer.principalId === ui.principalId?.split(':')[0],
          'sessionIssuer',
        );
        check(issuer?.arn?.endsWith(`/${issuer.userName}`) === true, 'issuer name');
        check(/^(true|false)$/.test(ui.sessionContext?.attributes?.mfaAuthenticated ?? ''), 'mfaAuthenticated');
        check(!ui.accessKeyId || /^ASIA[A-Z2-7]{16}$/.test(ui.accessKeyId), 'ASIA key');
      }
      if (ui.type === 'IAMUser' && ui.accessKeyId)
        check((ui.sessionContext ? /^ASIA[A-Z2-7]{16}$/ : /^AKIA[A-Z2-7]{16}$/).test(ui.accessKeyId), 'IAM user key');
      if (ui.type === 'AWSService') check(/\.amazonaws\.com$/.test(ui.invokedBy ?? ''), 'invokedBy');
      if (ui.type === 'WebIdentityUser')
        check(
          /oidc-provider\/token\.actions\.githubusercontent\.com$/.test(ui.identityProvider ?? ''),
          'identityProvider',
        );
      if (ui.type === 'IdentityCenterUser')
        check(
          /^arn:aws:identitystore::\d{12}:identitystore\/d-/.test(ui.onBehalfOf?.identityStoreArn ?? ''),
          'identityStoreArn',
        );
    }
    expect(problems.slice(0, 10)).toEqual([]);
    for (const t of [
      'Root',
      'IAMUser',
      'AssumedRole',
      'WebIdentityUser',
      'SAMLUser',
      'IdentityCenterUser',
      'AWSService',
      'AWSAccount',
      'Unknown',
    ])
      expect(types, t).toContain(t);
  });

  it('is read-heavy, with service calls marked as AWS writes them', () => {
    const readOnly = out.delivered.filter(({ record }) => record.readOnly === true).length;
    expect(readOnly / out.delivered.length).toBeGreaterThan(0.6);
    const slr = out.delivered.find(({ record }) =>
      record.userIdentity?.sessionContext?.sessionIssuer?.arn?.includes('/aws-service-role/'),
    );
    expect(slr?.record.userIdentity?.invokedBy).toMatch(/\.amazonaws\.com$/);
    expect(slr?.record.sourceIPAddress).toBe(slr?.record.userIdentity?.invokedBy);
    const instance = out.delivered.find(({ record }) =>
      /assumed-role\/app-server-role\/i-0[0-9a-f]{16}$/.test(record.userIdentity?.arn ?? ''),
    );
    expect(instance?.record.userIdentity?.sessionContext?.ec2RoleDelivery).toBe('2.0');
    const console = out.delivered.find(({ record }) => record.sessionCredentialFromConsole === 'true');
    expect(console).toBeDefined();
  });

  it('follows a weekly rhythm: humans work on weekdays', () => {
    const human = out.delivered.filter(({ record }) => record.eventName === 'AssumeRoleWithSAML');
    const weekend = human.filter(({ record }) => [0, 6].includes(new Date(timeOf(record)).getUTCDay())).length;
    expect(human.length).toBeGreaterThan(20);
    expect(weekend / human.length).toBeLessThan(0.1);
  });
});

describe('ground truth', () => {
  it('names principals exactly as principalOf does, and the logged action', () => {
    const entries = out.truth.filter((t) => t.type !== 'malformed');
    expect(entries.length).toBeGreaterThan(50);
    for (const t of entries) {
      const records = recordsOf(t.eventIds);
      expect(records.length, `${t.id} ${t.description}`).toBe(t.eventIds.length);
      const first = records[0] as CloudTrailRecord;
      if (t.type === 'future') continue;
      expect(principalOf(first).key, t.id).toBe(t.principalKey);
      expect(actionOf(first), t.id).toBe(t.action);
      expect(first.recipientAccountId).toBe(t.accountId);
    }
    expect(new Set(out.truth.map((t) => t.id)).size).toBe(out.truth.length);
  });

  it('has a positive injection for every rule id, and near-misses for many', () => {
    const positives = new Set(out.truth.filter((t) => t.type === 'rule').map((t) => t.ruleId));
    for (const id of RULE_IDS) expect(positives, id).toContain(id);
    const negatives = new Set(out.truth.filter((t) => t.type === 'negative').map((t) => t.ruleId));
    expect(negatives.size).toBeGreaterThanOrEqual(20);
    for (const id of negatives) expect(RULE_IDS as readonly string[]).toContain(id);
  });

  it('injects first-seen actions that the principal truly never did before, after its learning period', () => {
    const firstSeen = out.truth.filter((t) => t.type === 'first-seen' && !t.duringLearning);
    expect(firstSeen.length).toBeGreaterThanOrEqual(12);
    for (const t of firstSeen) {
      const event = recordsOf(t.eventIds)[0] as CloudTrailRecord;
      const at = timeOf(event);
      const mine = out.delivered.filter(
        ({ record }) => record.recipientAccountId === t.accountId && principalOf(record).key === t.principalKey,
      );
      const firstEvent = Math.min(...mine.map(({ record }) => timeOf(record)));
      expect(at, t.description).toBeGreaterThanOrEqual(firstEvent + LEARNING_DAYS * DAY);
      const earlier = mine.filter(({ record }) => timeOf(record) < at && actionOf(record) === t.action);
      expect(
        earlier.map(({ record }) => record.eventID),
        t.description,
      ).toEqual([]);
    }
  });

  it('places one first-seen anomaly just after midnight UTC', () => {
    const firstSeen = out.truth.filter((t) => t.type === 'first-seen' && !t.duringLearning);
    expect(firstSeen.some((t) => /T00:0\d:\d{2}Z$/.test(t.eventTime))).toBe(true);
  });

  it('keeps during-learning injections inside the learning period of a principal that appears mid-period', () => {
    const learning = out.truth.filter((t) => t.duringLearning && t.type === 'first-seen');
    expect(learning.length).toBeGreaterThanOrEqual(3);
    for (const t of learning) {
      const mine = out.delivered.filter(
        ({ record }) => record.recipientAccountId === t.accountId && principalOf(record).key === t.principalKey,
      );
      const firstEvent = Math.min(...mine.map(({ record }) => timeOf(record)));
      expect(firstEvent).toBeGreaterThan(Date.parse('2026-01-06T00:00:00Z'));
      expect(timeOf(recordsOf(t.eventIds)[0] as CloudTrailRecord)).toBeLessThan(firstEvent + LEARNING_DAYS * DAY);
    }
  });

  it('has a cross-account incident spanning at least 3 accounts within one hour', () => {
    const incident = out.truth.find((t) => t.type === 'incident');
    expect(incident?.accounts?.length).toBeGreaterThanOrEqual(3);
    const records = recordsOf(incident?.eventIds ?? []);
    const accounts = new Set(records.map((r) => r.recipientAccountId));
    expect(accounts.size).toBeGreaterThanOrEqual(3);
    const times = records.map(timeOf);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(3_600_000);
    expect(new Set(records.map((r) => r.sourceIPAddress)).size).toBe(1);
    const sessions = new Set(
      records.filter((r) => r.userIdentity?.type === 'AssumedRole').map((r) => r.userIdentity?.arn?.split('/').pop()),
    );
    expect(sessions.size).toBe(1);
  });

  it('delivers duplicates twice with the same eventID, and late events hours later but by the next day', () => {
    const duplicates = out.truth.filter((t) => t.type === 'duplicate');
    expect(duplicates.length).toBeGreaterThanOrEqual(3);
    for (const t of duplicates) {
      const copies = out.byEventId.get(t.eventIds[0] as string) ?? [];
      expect(new Set(copies.map((c) => c.path)).size).toBe(2);
      expect(t.paths).toEqual(copies.map((c) => c.path));
    }
    const late = out.truth.filter((t) => t.type === 'late');
    expect(late.length).toBeGreaterThanOrEqual(3);
    for (const t of late) {
      const [copy] = out.byEventId.get(t.eventIds[0] as string) ?? [];
      const lag = deliveryTimeOf(copy?.path ?? '') - timeOf(copy?.record as CloudTrailRecord);
      expect(lag).toBeGreaterThanOrEqual(3_600_000);
      expect(
        Math.floor(deliveryTimeOf(copy?.path ?? '') / DAY) - Math.floor(timeOf(copy?.record as CloudTrailRecord) / DAY),
      ).toBeLessThanOrEqual(1);
    }
  });

  it('stamps one record a year in the future', () => {
    const future = out.truth.filter((t) => t.type === 'future');
    expect(future).toHaveLength(1);
    const record = recordsOf(future[0]?.eventIds ?? [])[0] as CloudTrailRecord;
    expect(
      timeOf(record) - deliveryTimeOf(out.byEventId.get(record.eventID as string)?.[0]?.path ?? ''),
    ).toBeGreaterThan(360 * DAY);
  });
});
