import { describe, expect, it } from 'vitest';
import { alertToAsff } from '../../../../functions/engine/findings/index.js';
import { sampleAlert } from '../detect/score/alert-builder.js';

const REQUIRED = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Severity',
  'Title',
  'Types',
  'UpdatedAt',
];
const TYPE =
  /^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)\/[^/]+(\/[^/]+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('alertToAsff', () => {
  const alert = sampleAlert();
  const asff = alertToAsff(alert, { region: 'eu-west-1', productAccountId: '222222222222' });

  it('fills every field BatchImportFindings requires, in the formats it accepts', () => {
    for (const key of REQUIRED) expect(asff, key).toHaveProperty(key);
    expect(asff.SchemaVersion).toBe('2018-10-08');
    expect(asff.ProductArn).toBe('arn:aws:securityhub:eu-west-1:222222222222:product/222222222222/default');
    expect(asff.AwsAccountId).toMatch(/^\d{12}$/);
    for (const t of [asff.CreatedAt, asff.UpdatedAt, asff.FirstObservedAt, asff.LastObservedAt]) expect(t).toMatch(ISO);
    for (const t of asff.Types) expect(t).toMatch(TYPE);
    expect(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).toContain(asff.Severity.Label);
    expect(asff.Title.length).toBeLessThanOrEqual(256);
    expect(asff.Description.length).toBeLessThanOrEqual(1024);
    expect(asff.Resources.length).toBeGreaterThan(0);
    expect(Object.keys(asff.ProductFields).length).toBeLessThanOrEqual(50);
    for (const v of Object.values(asff.ProductFields)) expect(typeof v).toBe('string');
  });

  it('keeps a stable Id so a re-import updates the finding', () => {
    const again = alertToAsff(sampleAlert({ score: 99, createdAt: '2024-08-01T14:00:00.000Z' }), {
      region: 'eu-west-1',
      productAccountId: '222222222222',
      updatedAt: '2024-08-01T14:00:00Z',
    });
    expect(again.Id).toBe(asff.Id);
    expect(again.Id).toBe(`ct-anomaly/${alert.id}`);
    expect(Date.parse(again.UpdatedAt)).toBeGreaterThan(Date.parse(asff.UpdatedAt));
  });

  it('maps the rule to a TTP type, first-seen to an unusual behaviour, and the role to an IAM role resource', () => {
    expect(asff.Types).toEqual([
      'TTPs/Defense Evasion/T1562.008 Impair Defenses: Disable or Modify Cloud Logs',
      'Unusual Behaviors/User/First-seen action',
    ]);
    expect(asff.FindingProviderFields.Types).toEqual(asff.Types);
    expect(asff.Resources[0]).toEqual({
      Type: 'AwsIamRole',
      Id: 'arn:aws:iam::111122223333:role/ci-deploy',
      Partition: 'aws',
      Region: 'us-east-1',
    });
    expect(asff.GeneratorId).toBe('ct-anomaly/aws.cloudtrail.trail-stopped');
    expect(asff.Remediation?.Recommendation.Text).toMatch(/StartLogging/);
    expect(asff.Action).toMatchObject({
      ActionType: 'AWS_API_CALL',
      AwsApiCallAction: { Api: 'StopLogging', RemoteIpDetails: { IpAddressV4: '203.0.113.9' } },
    });
  });

  it('cuts attacker-length text to the ASFF limits', () => {
    const long = alertToAsff(sampleAlert({ title: 'x'.repeat(5000), reasons: ['y'.repeat(5000)] }), {
      region: 'eu-west-1',
      productAccountId: '222222222222',
    });
    expect(long.Title.length).toBe(256);
    expect(long.Description.length).toBe(1024);
  });

  it('uses the account as the resource when an alert names no principal', () => {
    const health = alertToAsff(sampleAlert({ kind: 'health', principals: [], findings: [] }), {
      region: 'eu-west-1',
      productAccountId: '222222222222',
    });
    expect(health.Resources).toEqual([
      { Type: 'AwsAccount', Id: 'AWS::::Account:111122223333', Partition: 'aws', Region: 'eu-west-1' },
    ]);
    expect(health.Types[0]).toMatch(TYPE);
  });
});
