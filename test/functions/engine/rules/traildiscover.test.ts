import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import { findingSchema } from '../../../../functions/engine/findings/index.js';
import { RULES, evaluateRulesDetailed } from '../../../../functions/engine/rules/index.js';
import { trailDiscoverRecords } from '../../../support/shared-data.js';

// Data from TrailDiscover by Adan Alvarez, CC BY 4.0: 315 real, redacted CloudTrail records (../shared beside the repo).
const records = trailDiscoverRecords();
const run = (input: CloudTrailRecord[]) =>
  evaluateRulesDetailed(
    {
      accountId: '111111111111',
      window: { start: '2024-01-01T00:00:00Z', end: '2026-01-01T00:00:00Z' },
      records: input,
    },
    RULES,
    { organizationAccountIds: null },
  );

describe('rules on real TrailDiscover records', () => {
  it('runs every rule over all records without an error and with valid findings', () => {
    const out = run(records);
    expect(out.errors).toEqual([]);
    for (const f of out.findings) expect(findingSchema.safeParse(f).success, f.detectorId).toBe(true);
  });

  it('sees the Grimoire detonation harness in the user agents', () => {
    const out = run(records);
    const ua = out.findings.filter((f) => f.detectorId === 'aws.general.offensive-tool-user-agent');
    expect(ua.length).toBeGreaterThan(0);
    expect(ua.every((f) => f.title.includes('Grimoire'))).toBe(true);
  });

  it('reports the denied tampering calls and the denied SES probe as attempts, and nothing else, once the agent is neutral', () => {
    // The examples are mostly AccessDenied detonations: with the harness user agent removed, only the
    // denied-attempt rule may fire (the rules for the changes themselves need a success).
    const neutral = records.map((r) => ({ ...r, userAgent: 'aws-cli/2.17.32' }));
    const out = run(neutral);
    // The TrailDiscover user also made five SES reconnaissance calls within 15 minutes (all denied):
    // the shape of a leaked key being tested for spam, which aws.ses.sending-capacity-probed reports.
    expect(new Set(out.findings.map((f) => f.detectorId))).toEqual(
      new Set(['aws.general.denied-tampering-attempt', 'aws.ses.sending-capacity-probed']),
    );
    expect(out.findings.find((f) => f.detectorId === 'aws.ses.sending-capacity-probed')?.title).toMatch(
      /^IAM user TrailDiscover probed SES sending capacity \(.+\), all denied$/,
    );
    const titles = out.findings.map((f) => f.title);
    for (const t of [
      'Denied attempt to stop CloudTrail logging (TrailDiscover)',
      'Denied attempt to delete the GuardDuty detector (TrailDiscoverDetectorId)',
      'Denied attempt to delete a CloudWatch log group (TrailDiscoverLogGroup)',
      'Denied attempt to leave the organization',
    ]) {
      expect(titles).toContain(t);
    }
    expect(out.findings.every((f) => f.flags.includes('failed-attempt'))).toBe(true);
  });
});
