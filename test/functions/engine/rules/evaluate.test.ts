import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../functions/engine/findings/index.js';
import { CASE_ACCOUNT, event, identity, signin } from '../../../../functions/engine/rules/case-builder.js';
import {
  RULES,
  candidateFilterOf,
  evaluateRules,
  evaluateRulesDetailed,
  type RecordRule,
  type RuleContext,
} from '../../../../functions/engine/rules/index.js';

const window = { start: '2024-08-01T12:00:00.000Z', end: '2024-08-01T13:00:00.000Z' };
const ctx: RuleContext = { organizationAccountIds: null };
const byId = (id: string) => RULES.find((r) => r.id === id)!;

describe('evaluateRules', () => {
  it('turns a StopLogging into one valid, fully formed rule finding', () => {
    // Prepare
    const record = event('cloudtrail', 'StopLogging', {
      as: identity.role('Deployer', 'mallory'),
      request: { name: 'org-trail' },
      ip: '203.0.113.5',
    });
    // Act
    const findings = evaluateRules({ accountId: CASE_ACCOUNT, window, records: [record] }, RULES, ctx);
    // Assess
    expect(findings).toHaveLength(1);
    const f = findingSchema.parse(findings[0]);
    expect(f.kind).toBe('rule');
    expect(f.detectorId).toBe('aws.cloudtrail.trail-stopped');
    expect(f.value).toBe('cloudtrail.amazonaws.com:StopLogging');
    expect(f.dimension).toBe('event');
    expect(f.principal.key).toBe(`arn:aws:iam::${CASE_ACCOUNT}:role/Deployer`);
    expect(f.title).toContain('org-trail');
    expect(f.severity).toBe('high');
    expect(f.evidence.eventIds).toEqual([record.eventID]);
    expect(f.evidence.sourceIps).toEqual(['203.0.113.5']);
    expect(f.evidence.samples).toHaveLength(1);
    expect(f.mitre?.technique).toMatch(/T1562\.008/);
    expect(f.runbook).toBeTruthy();
    expect(f.reasons.join(' ').toLowerCase()).toContain('role deployer');
  });

  it('gives the same finding id on a rerun and different ids for different events', () => {
    const a = event('kms', 'DisableKey', { request: { keyId: 'k1' } });
    const b = event('kms', 'DisableKey', { request: { keyId: 'k2' } });
    const first = evaluateRules({ accountId: CASE_ACCOUNT, window, records: [a, b] }, RULES, ctx);
    const again = evaluateRules({ accountId: CASE_ACCOUNT, window, records: [a, b] }, RULES, ctx);
    expect(first.map((f) => f.id)).toEqual(again.map((f) => f.id));
    expect(new Set(first.map((f) => f.id)).size).toBe(2);
  });

  it('merges records sharing a dedupe key into one finding with all the evidence', () => {
    const calls = [0, 1, 2].map((i) =>
      event('iam', 'CreateUser', {
        as: identity.root(),
        time: `2024-08-01T12:1${i}:00Z`,
        request: { userName: `u${i}` },
      }),
    );
    const findings = evaluateRules(
      { accountId: CASE_ACCOUNT, window, records: calls },
      [byId('aws.iam.root-api-call')],
      ctx,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.count).toBe(3);
    expect(findings[0]!.firstEventTime).toBe('2024-08-01T12:10:00Z');
    expect(findings[0]!.lastEventTime).toBe('2024-08-01T12:12:00Z');
  });

  it('reports a denied tampering call under the attempt rule, not as the change itself', () => {
    const denied = event('cloudtrail', 'DeleteTrail', { error: 'AccessDenied', request: { name: 't' } });
    const findings = evaluateRules({ accountId: CASE_ACCOUNT, window, records: [denied] }, RULES, ctx);
    expect(findings.map((f) => f.detectorId)).toEqual(['aws.general.denied-tampering-attempt']);
    expect(findings[0]!.title).toBe('Denied attempt to delete a CloudTrail trail');
    expect(findings[0]!.flags).toContain('failed-attempt');
    expect(findings[0]!.errorCount).toBe(1);
    expect(findings[0]!.reasons.join(' ')).toMatch(/AWS denied it, so this was a failed attempt/);
  });

  it('applies severity overrides from the context', () => {
    const record = event('logs', 'DeleteLogStream', { request: { logGroupName: 'g', logStreamName: 's' } });
    const [f] = evaluateRules({ accountId: CASE_ACCOUNT, window, records: [record] }, RULES, {
      ...ctx,
      severityOverrides: { 'aws.logs.log-stream-deleted': 'low' },
    });
    expect(f!.severity).toBe('low');
  });

  it('builds window-rule findings keyed by the call that started the burst, whatever the window', () => {
    const fails = Array.from({ length: 5 }, () =>
      signin('ConsoleLogin', { as: identity.user('alice'), outcome: 'Failure' }),
    );
    const one = evaluateRules({ accountId: CASE_ACCOUNT, window, records: fails }, RULES, ctx);
    const next = evaluateRules(
      { accountId: CASE_ACCOUNT, window: { start: window.end, end: '2024-08-01T14:00:00.000Z' }, records: fails },
      RULES,
      ctx,
    );
    expect(one).toHaveLength(1);
    expect(one[0]!.detectorId).toBe('aws.signin.repeated-failed-console-logins');
    expect(one[0]!.count).toBe(5);
    expect(findingSchema.safeParse(one[0]).success).toBe(true);
    // The same calls judged in another window are the same burst: the same finding id.
    expect(next[0]!.id).toBe(one[0]!.id);
    // With the state of the first window, the second reports nothing new.
    const first = evaluateRulesDetailed({ accountId: CASE_ACCOUNT, window, records: fails }, RULES, ctx);
    const again = evaluateRulesDetailed(
      {
        accountId: CASE_ACCOUNT,
        window: { start: window.end, end: '2024-08-01T14:00:00.000Z' },
        records: fails,
        states: new Map(first.states.map((s) => [s.key, s])),
      },
      RULES,
      ctx,
    );
    expect(again.findings).toEqual([]);
  });

  it('counts a rule that throws as an error and keeps the other rules running', () => {
    const broken: RecordRule = {
      ...(byId('aws.kms.key-disabled') as RecordRule),
      id: 'aws.test.broken',
      match: () => {
        throw new Error('boom');
      },
    };
    const record = event('kms', 'DisableKey', { request: { keyId: 'k' } });
    const out = evaluateRulesDetailed(
      { accountId: CASE_ACCOUNT, window, records: [record] },
      [broken, byId('aws.kms.key-disabled')],
      ctx,
    );
    expect(out.errors).toEqual([{ ruleId: 'aws.test.broken', eventId: record.eventID, message: 'boom' }]);
    expect(out.findings.map((f) => f.detectorId)).toEqual(['aws.kms.key-disabled']);
  });

  it('skips records outside a rule prefilter and ignores junk entries', () => {
    const junk = [null, 42, 'text', {}] as unknown as Parameters<typeof evaluateRules>[0]['records'];
    expect(evaluateRules({ accountId: CASE_ACCOUNT, window, records: junk }, RULES, ctx)).toEqual([]);
  });

  it('builds the candidate filter as the union of every prefilter', () => {
    expect(candidateFilterOf(RULES).length).toBe(RULES.reduce((n, r) => n + r.prefilter.length, 0));
    expect(candidateFilterOf([])).toEqual([]);
  });
});
