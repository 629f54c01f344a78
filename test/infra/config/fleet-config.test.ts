/** The fleet keys of the deployment config: every mistake named by its key, before anything is synthesized. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadLogArchivePolicies, parseDeployConfig } from '../../../infra/config/index.js';
import { exampleConfigObject, fleetConfig, merge, TRAIL_BUCKET_POLICY } from '../support/synth.js';
import { makeTempDir } from '../../support/temp-dir.js';

const problemsOf = (overrides: Record<string, unknown>): string[] => {
  try {
    parseDeployConfig(merge(exampleConfigObject(), overrides), 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('fleet config', () => {
  const dir = makeTempDir('ct-anomaly-fleet-config-');

  it('defaults to what works in a brand-new account: no reserved concurrency, no guard rails, 5 bundles kept', () => {
    const config = parseDeployConfig(
      merge(exampleConfigObject(), { agents: { reservedConcurrency: undefined } }),
      'test.yaml',
    );
    expect(config.agents.reservedConcurrency).toBe(false);
    expect(config.agents.keepVersions).toBe(5);
    expect(config.guardRails).toEqual({
      serviceControlPolicy: false,
      exemptPrincipalArns: [],
      stackChangeAlerts: false,
    });
    expect(config.monitor).toMatchObject({ failedRunsAlert: 3, rolloutGraceMinutes: 1440, summaryHourUtc: 8 });
  });

  it('accepts every fleet option together', () => {
    expect(fleetConfig().stackSet.canary?.failureTolerancePercentage).toBe(0);
  });

  it('makes every trail region read by exactly one agent region, the home region among them', () => {
    const problems = problemsOf({
      agents: { regions: { 'us-east-1': ['us-east-1', 'eu-west-1'], 'us-west-2': ['eu-west-1', 'ap-south-1'] } },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'agents.regions: must include the home region eu-west-1',
        'agents.regions.us-west-2: eu-west-1 is already read by the agent in us-east-1 (each trail region is read by one agent region)',
        'agents.regions.us-west-2: ap-south-1 is not in trail.regions',
        'agents.regions: no agent region reads us-east-2, us-west-2, eu-central-1',
      ]),
    );
  });

  it('wants a canary that is part of the targets, and of one kind', () => {
    expect(problemsOf({ stackSet: { canary: { organizationalUnitIds: ['ou-a1b2-elsewhere'] } } })).toEqual([
      'stackSet.canary.organizationalUnitIds: ou-a1b2-elsewhere must also be listed in organization.targetOuIds (a canary OU is a target deployed first)',
      'stackSet.canary.organizationalUnitIds: leaves no OU for the main stage: the canary must be a part of organization.targetOuIds',
    ]);
    expect(
      problemsOf({ stackSet: { canary: { organizationalUnitIds: ['r-a1b2'], accounts: ['444455556666'] } } }),
    ).toContain('stackSet.canary: name either organizationalUnitIds or accounts (one kind of canary)');
  });

  it('wants a rollback pin to name the version id in every agent region', () => {
    expect(problemsOf({ agents: { pinVersion: { version: 'abc123', s3VersionIds: {} } } })).toEqual([
      'agents.pinVersion.s3VersionIds: needs the version id in every agent region (missing eu-west-1): copy them from the agent_bundle output of the deploy that shipped abc123',
    ]);
  });

  it('wants the log-archive role in that account and, in bucket-policy mode, the current policy as a file', () => {
    const problems = problemsOf({
      logArchive: { accountId: '333333333333', region: 'eu-west-1', deployRoleArn: 'arn:aws:iam::222222222222:role/x' },
    });
    expect(problems).toEqual([
      'logArchive.deployRoleArn: must be a role in the log-archive account 333333333333',
      expect.stringMatching(
        /^logArchive\.bucketPolicyFile: is required in bucket-policy mode: export the trail bucket policy once/,
      ),
    ]);
  });

  it('needs the management account for the SCP', () => {
    expect(
      problemsOf({
        managementAccount: { installAgent: false, deployRoleArn: undefined },
        guardRails: { serviceControlPolicy: true },
      }),
    ).toEqual([
      'guardRails.serviceControlPolicy: needs managementAccount.deployRoleArn: service control policies are managed from the management account',
    ]);
  });

  it("refuses a log-archive policy file that would stop CloudTrail, or already holds ct-anomaly's statements", () => {
    const deployFile = join(dir, 'ct-anomaly.config.yaml');
    const config = fleetConfig({ logArchive: { keyPolicyFile: undefined } });
    const write = (text: string) => writeFileSync(join(dir, 'log-archive-bucket-policy.json'), text);
    write(TRAIL_BUCKET_POLICY);
    expect(JSON.parse(loadLogArchivePolicies(deployFile, config).bucket!).Statement).toHaveLength(2);
    write(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'Other', Effect: 'Allow', Principal: { AWS: '*' } }],
      }),
    );
    expect(() => loadLogArchivePolicies(deployFile, config)).toThrow(/no statement for cloudtrail\.amazonaws\.com/);
    const withOurs = JSON.parse(TRAIL_BUCKET_POLICY) as { Statement: unknown[] };
    withOurs.Statement.push({ Sid: 'CtAnomalyAgentsLocateBucket', Effect: 'Allow' });
    write(JSON.stringify(withOurs));
    expect(() => loadLogArchivePolicies(deployFile, config)).toThrow(/already holds CtAnomalyAgentsLocateBucket/);
  });
});
