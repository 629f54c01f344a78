import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadDeployConfig, parseDeployConfig } from '../../../infra/config/index.js';
import { exampleConfigObject, merge, ROOT } from '../support/synth.js';
import { makeTempDir } from '../../support/temp-dir.js';

const problemsOf = (raw: unknown): string[] => {
  try {
    parseDeployConfig(raw, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('deployment config', () => {
  const dir = makeTempDir('ct-anomaly-config-');

  it('accepts the committed example and fills in defaults', () => {
    const config = loadDeployConfig(join(ROOT, 'ct-anomaly.config.example.yaml'));
    expect(config.organization.id).toMatch(/^o-/);
    expect(config.stackSet.callAs).toBe('DELEGATED_ADMIN');
    const minimal = parseDeployConfig({
      organization: { id: 'o-a1b2c3d4e5', managementAccountId: '111111111111', targetOuIds: ['r-a1b2'] },
      central: { accountId: '111111111111', region: 'us-east-1' },
      trail: { bucket: 'org-trail-bucket', regions: ['us-east-1'] },
      agents: { homeRegion: 'us-east-1' },
    });
    expect(minimal.prefix).toBe('ct-anomaly');
    expect(minimal.trail.prefix).toBe('');
    expect(minimal.agents.maxWindowsPerRun).toBe(24);
    expect(minimal.sinks.securityHub).toBe(false);
    expect(minimal.managementAccount.installAgent).toBe(true);
  });

  it('names every bad key at once', () => {
    const problems = problemsOf(
      merge(exampleConfigObject(), {
        organization: { id: 'org-1', managementAccountId: 111111111111, targetOuIds: [] },
        trail: { bucket: 'Not_A_Bucket', prefix: '/logs/' },
        agents: { logRetentionDays: 8 },
        sinks: { splunk: { hecUrl: 'http://splunk.example.com', tokenSecretName: 'x' } },
        stackset: {},
      }),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/^organization\.id: must be an organization id/m);
    expect(text).toMatch(/^organization\.managementAccountId: must be a quoted string/m);
    expect(text).toMatch(/^organization\.targetOuIds: list at least one/m);
    expect(text).toMatch(/^trail\.bucket: must be an S3 bucket name/m);
    expect(text).toMatch(/^trail\.prefix: must not start or end with a slash/m);
    expect(text).toMatch(/^agents\.logRetentionDays: must be one of/m);
    expect(text).toMatch(/^sinks\.splunk\.hecUrl:/m);
    expect(text).toMatch(/^stackset: unknown key/m);
  });

  it('says which key is missing', () => {
    const raw = exampleConfigObject();
    delete (raw.trail as Record<string, unknown>).bucket;
    delete raw.central;
    const problems = problemsOf(raw);
    expect(problems).toContain('trail.bucket: is required');
    expect(problems).toContain('central: is required');
  });

  it('requires a role in the management account when it deploys there from another account', () => {
    const raw = merge(exampleConfigObject(), { managementAccount: { installAgent: true } });
    delete (raw.managementAccount as Record<string, unknown>).deployRoleArn;
    expect(problemsOf(raw).join('\n')).toMatch(/^managementAccount\.deployRoleArn: is required/m);
    const wrongAccount = merge(exampleConfigObject(), {
      managementAccount: { deployRoleArn: 'arn:aws:iam::999999999999:role/deploy' },
    });
    expect(problemsOf(wrongAccount).join('\n')).toMatch(/must be a role in the management account 111111111111/);
    const noAgent = merge(exampleConfigObject(), { managementAccount: { installAgent: false } });
    delete (noAgent.managementAccount as Record<string, unknown>).deployRoleArn;
    expect(problemsOf(noAgent)).toEqual([]);
  });

  it('reports a missing file and invalid YAML as config errors', () => {
    expect(() => loadDeployConfig(join(dir, 'absent.yaml'))).toThrow(
      /absent\.yaml: invalid config\n {2}- file not found/,
    );
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'organization: [unclosed\n');
    expect(() => loadDeployConfig(bad)).toThrow(ConfigError);
    expect(() => loadDeployConfig(bad)).toThrow(/not valid YAML/);
  });
});
