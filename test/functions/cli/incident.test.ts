/**
 * The responder's workflow on one export: 30 days of routine activity with an intrusion on day 27,
 * scanned once with --since day 26, then the intruder's key hunted across the accounts.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Alert, alertSchema } from '../../../functions/engine/findings/index.js';
import type { TrailEvent } from '../../../functions/engine/hunt/index.js';
import { generateOrganization, resolveOptions, type TruthEntry } from '../../../functions/generator/index.js';
import { runCli } from './support/run-cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const dir = useTempDir('ct-incident-', 'all');
let org: string;
let truth: TruthEntry[];
let intrusionIds: Set<string>;
let oddityIds: Set<string>;
let stolenKey: string;
const state = (): string => join(dir(), 'state');
const SINCE = '2026-01-31'; // day 26 of an export starting 2026-01-05

const lines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
const alertsOf = (text: string): Alert[] => lines(text).map((l) => alertSchema.parse(l));
const trailOf = (text: string): TrailEvent[] => lines(text) as TrailEvent[];
const findingsOf = (alerts: readonly Alert[]) => alerts.flatMap((a) => a.findings);

beforeAll(async () => {
  org = join(dir(), 'org');
  const resolved = resolveOptions({ out: org, accounts: 3, days: 30, seed: 'ir', activity: 0.3, intrusionDay: 27 });
  if (!resolved.ok) throw new Error(resolved.reason);
  await generateOrganization(resolved.options);
  truth = (await readFile(join(org, 'ground-truth.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as TruthEntry);
  const incident = truth.find((t) => t.type === 'incident')!;
  intrusionIds = new Set(
    truth.filter((t) => t.type !== 'duplicate' && t.type !== 'late' && t.type !== 'future').flatMap((t) => t.eventIds),
  );
  oddityIds = new Set(
    truth.filter((t) => t.type === 'duplicate' || t.type === 'late' || t.type === 'future').flatMap((t) => t.eventIds),
  );
  stolenKey = /\((AKIA[A-Z0-9]+)\)/.exec(incident.description)![1]!;
}, 120_000);

describe('scan --since on an export with an intrusion on day 27', () => {
  let first: Awaited<ReturnType<typeof runCli>>;
  let alerts: Alert[];

  beforeAll(async () => {
    first = await runCli([
      'scan',
      join(org, 'AWSLogs'),
      '--since',
      SINCE,
      '--state',
      state(),
      '--format',
      'jsonl',
      '--report',
      join(dir(), 'scan.html'),
      '--quiet',
    ]);
    alerts = alertsOf(first.out);
  }, 180_000);

  it('reports every rule of the intrusion and the principals the attacker created, with their creation events', () => {
    expect(first.code, first.err).toBe(0);
    const findings = findingsOf(alerts);
    for (const t of truth.filter((x) => x.type === 'rule')) {
      const hit = findings.find(
        (f) => f.detectorId === t.ruleId && f.evidence.eventIds.some((id) => t.eventIds.includes(id)),
      );
      expect(hit, t.ruleId).toBeDefined();
    }
    const created = findings.filter((f) => f.dimension === 'principal' && f.principal.type !== 'AWSAccount');
    const createUser = truth.find((t) => t.ruleId === 'aws.iam.user-created')!.eventIds[0]!;
    const createRole = truth.find((t) => t.ruleId === 'aws.iam.trust-policy-opened')!.eventIds[0]!;
    const user = created.find((f) => f.principal.key.endsWith(':user/svc-sync'));
    const role = created.find((f) => f.principal.key.endsWith(':role/support-audit'));
    expect(user?.evidence.eventIds[0]).toBe(createUser);
    expect(role?.evidence.eventIds[0]).toBe(createRole);
    expect(user?.reasons.join(' ')).toMatch(/Created by .*OrganizationAccountAccessRole/);
    expect(user?.evidence.samples[0]?.['eventName']).toBe('CreateUser');
  });

  it('reports the intrusion as one cross-account incident and almost nothing of the quiet days', () => {
    const incident = alerts.find((a) => a.kind === 'incident');
    expect(incident?.severity).toBe('critical');
    const touched = (a: Alert) => a.findings.some((f) => f.evidence.eventIds.some((id) => intrusionIds.has(id)));
    // Records the generator planted as delivery oddities (late, duplicated, stamped in the future) are not quiet-day noise.
    const oddity = (a: Alert) => a.findings.some((f) => f.evidence.eventIds.some((id) => oddityIds.has(id)));
    const intrusion = alerts.filter(touched);
    const quiet = alerts.filter((a) => !touched(a) && !oddity(a));
    const caught = new Set(
      findingsOf(intrusion).flatMap((f) => f.evidence.eventIds.filter((id) => intrusionIds.has(id))),
    );
    console.log(
      `--since ${SINCE}: ${alerts.length} alerts, ${intrusion.length} about the intrusion (${caught.size} of its ${intrusionIds.size} events cited), ${quiet.length} about the quiet days: ${quiet.map((a) => `${a.severity} ${a.title.slice(0, 60)}`).join(' | ')}`,
    );
    expect(intrusion).toContain(incident);
    expect(caught.size).toBeGreaterThanOrEqual(intrusionIds.size * 0.75);
    // The quiet days: people on a new home network are info; at most a few alerts above it, none above medium.
    expect(quiet.filter((a) => a.severity !== 'info').length).toBeLessThanOrEqual(3);
    expect(quiet.every((a) => a.severity === 'info' || a.severity === 'low' || a.severity === 'medium')).toBe(true);
    // Nothing before --since was reported: everything earlier was learned silently.
    expect(alerts.every((a) => a.lastEventTime >= SINCE)).toBe(true);
  });

  it('prints a notice when a rerun finds nothing new, and reports again with --no-state', async () => {
    const again = await runCli([
      'scan',
      join(org, 'AWSLogs'),
      '--since',
      SINCE,
      '--state',
      state(),
      '--format',
      'jsonl',
      '--quiet',
    ]);
    expect(again.out).toBe('');
    expect(again.err).toMatch(/^notice: nothing new: the state in .* has seen this input before.*--no-state/m);
    // --no-state on the day of the intrusion in one account: reported again, the saved state untouched.
    const before = (await stat(join(state(), 'aggregator.json'))).mtimeMs;
    const target = truth.find((t) => t.ruleId === 'aws.iam.user-created')!.accountId;
    const fresh = await runCli([
      'scan',
      join(org, 'AWSLogs'),
      '--accounts',
      target,
      '--since',
      '2026-02-01',
      '--until',
      '2026-02-02',
      '--learning-days',
      '0',
      '--no-state',
      '--format',
      'jsonl',
      '--quiet',
    ]);
    const again2 = alertsOf(fresh.out);
    const ruleAlert = alerts.find((a) => a.findings.some((f) => f.detectorId === 'aws.iam.user-created'));
    const createUserFinding = ruleAlert!.findings.find((f) => f.detectorId === 'aws.iam.user-created')!;
    expect(findingsOf(again2).map((f) => f.id)).toContain(createUserFinding.id);
    expect(again2.every((a) => a.accounts.every((acc) => acc === target))).toBe(true);
    expect(fresh.err).not.toMatch(/notice/);
    expect((await stat(join(state(), 'aggregator.json'))).mtimeMs).toBe(before);
  }, 120_000);

  it('prints in the report the hunt command for the actors of an alert', async () => {
    const html = await readFile(join(dir(), 'scan.html'), 'utf8');
    expect(html).toContain(`npx ct-anomaly hunt ${join(org, 'AWSLogs')} --state ${state()}`);
    expect(html).toContain(`--access-key ${stolenKey}`);
  });

  describe('hunt', () => {
    const hunt = async (...args: string[]) => {
      const run = await runCli(['hunt', join(org, 'AWSLogs'), '--format', 'jsonl', '--quiet', ...args]);
      expect(run.code, run.err).toBe(0);
      return trailOf(run.out);
    };

    it('follows the stolen key across the accounts, through the sessions and the key it minted, in time order', async () => {
      const report = join(dir(), 'hunt.html');
      const trail = await hunt('--access-key', stolenKey, '--state', state(), '--since', SINCE, '--report', report);
      keyTrail = trail;
      const times = trail.map((e) => e.time);
      expect([...times].sort()).toEqual(times);
      expect(new Set(trail.map((e) => e.accountId)).size).toBe(3);
      const ids = new Set(trail.map((e) => e.eventId));
      const incident = truth.find((t) => t.type === 'incident')!;
      // Everything but what the foreign account did with the backdoor role (another actor, no key in common).
      const missing = trail.length > 0 ? incident.eventIds.filter((id) => !ids.has(id)) : incident.eventIds;
      const foreign = truth.filter((t) => t.principalKey.endsWith(':role/support-audit')).flatMap((t) => t.eventIds);
      expect(missing.length).toBe(foreign.length + 1);
      expect(missing.filter((id) => !foreign.includes(id))).toHaveLength(1); // the foreign account's AssumeRole
      // The created user's own key was followed: its calls are in the trail, marked as a new principal.
      const backdoor = trail.filter((e) => e.principal.key.endsWith(':user/svc-sync'));
      expect(backdoor.length).toBeGreaterThanOrEqual(4);
      expect(backdoor[0]?.newPrincipal).toBe(true);
      expect(backdoor[0]?.via).toMatch(/minted by ASIA/);
      const createUser = trail.find((e) => e.action === 'iam.amazonaws.com:CreateUser')!;
      expect(createUser.rules).toContain('aws.iam.user-created');
      expect(createUser.firstSeen).toBe(true);
      const incidentAlert = alerts.find((a) => a.kind === 'incident')!;
      expect(createUser.alerts).toContain(incidentAlert.id);
      const html = await readFile(report, 'utf8');
      expect(html).toContain('"trail":{"selectors":[');
      expect(html).toContain(stolenKey);
    }, 120_000);

    let keyTrail: TrailEvent[] = [];

    it('finds every session of a principal by its ARN', async () => {
      const user = truth.find((t) => t.principalKey.endsWith(':user/svc-sync'))!.principalKey;
      const byArn = await hunt('--principal', user);
      expect(byArn.length).toBeGreaterThanOrEqual(4);
      expect(byArn.every((e) => e.principal.key === user)).toBe(true);
    }, 60_000);

    it('finds a role session in every account, and the AssumeRole calls that started it', async () => {
      const session = /session (sync-\d+)/.exec(
        truth.find((t) => t.description.includes('session sync-'))!.description,
      )![1]!;
      const trail = await hunt('--session', session);
      expect(new Set(trail.map((e) => e.accountId)).size).toBe(3);
      expect(trail.some((e) => e.action === 'sts.amazonaws.com:AssumeRole')).toBe(true);
      expect(trail.every((e) => e.session === session)).toBe(true);
    }, 60_000);

    it('finds a source address block', async () => {
      const trail = await hunt('--ip', '193.29.13.0/24');
      expect(trail.length).toBeGreaterThanOrEqual(6);
      expect(trail.every((e) => e.sourceIp === '193.29.13.7')).toBe(true);
    }, 60_000);

    it('finds an event by id, with its copy in the other account', async () => {
      const assume = keyTrail.find((e) => e.action === 'sts.amazonaws.com:AssumeRole' && e.time >= SINCE)!;
      const both = await hunt('--event-id', assume.record['sharedEventID'] as string);
      expect(new Set(both.map((e) => e.accountId)).size).toBe(2);
      expect(both.map((e) => e.eventId)).toContain(assume.eventId);
    }, 60_000);

    it('says what is missing in one line with a hint', async () => {
      const none = await runCli(['hunt', join(org, 'AWSLogs')]);
      expect(none.code).toBe(2);
      expect(none.err).toMatch(/^error: hunt needs something to look for\nhint: give --access-key/);
    });
  });
});
