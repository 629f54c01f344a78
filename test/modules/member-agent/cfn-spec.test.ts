import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberTemplateOf, synthesize, type Synthesized } from '../../infra/support/synth.js';
import { loadSpec, validateTemplate } from '../support/cfn-spec.js';

// The template is built with typed objects (modules/member-agent/resource-types.ts), which the compiler
// checks for the properties we set; this test checks the result against the CloudFormation resource
// specification the AWS CDK is generated from (@aws-cdk/aws-service-spec), at every depth.
describe('member template against the CloudFormation resource specification', () => {
  let synth: Synthesized;
  let template: Record<string, any>;
  beforeAll(() => {
    synth = synthesize();
    template = memberTemplateOf(synth.json);
  });
  afterAll(() => synth.cleanup());

  it('is valid: known types, known properties, required ones present, right value types, real references', () => {
    expect(loadSpec().source).toMatch(/^@aws-cdk\/aws-service-spec@/);
    expect(validateTemplate(template)).toEqual([]);
  });

  it('uses only resource types that exist', () => {
    const types = new Set(Object.values<{ Type: string }>(template.Resources).map((r) => r.Type));
    for (const type of types) expect(loadSpec().resources.has(type), type).toBe(true);
    expect(types.size).toBeGreaterThanOrEqual(10);
  });

  describe('catches the mistakes it exists for', () => {
    const broken = (mutate: (t: Record<string, any>) => void): string[] => {
      const copy = structuredClone(template);
      mutate(copy);
      return validateTemplate(copy);
    };

    it('a misspelled nested property', () => {
      const problems = broken((t) => {
        t.Resources.BaselineTable.Properties.TimeToLiveSpecification = { AttributeName: 'ttl', Enable: true };
      });
      expect(problems.join('\n')).toMatch(/TimeToLiveSpecification\.Enable: unknown property/);
      expect(problems.join('\n')).toMatch(/TimeToLiveSpecification\.Enabled: required/);
    });

    it('a value of the wrong type and an enum value that does not exist', () => {
      const problems = broken((t) => {
        t.Resources.DetectorFunction.Properties.MemorySize = '1024';
        t.Resources.WorkGroup.Properties.State = 'ON';
      });
      expect(problems.some((p) => p.includes('MemorySize: expected integer'))).toBe(true);
      expect(problems.some((p) => p.includes('WorkGroup.Properties.State') && p.includes('is not one of'))).toBe(true);
    });

    it('a GetAtt of an attribute the resource does not have, and a Ref to nothing', () => {
      const problems = broken((t) => {
        t.Resources.DetectorFunction.Properties.Role = { 'Fn::GetAtt': ['AgentRole', 'Name'] };
        t.Resources.DetectorFunction.Properties.Code.S3Key = { Ref: 'CodeKey' };
      });
      expect(problems.some((p) => p.includes('AWS::IAM::Role has no attribute Name'))).toBe(true);
      expect(problems.some((p) => p.includes('Ref to unknown "CodeKey"'))).toBe(true);
    });

    it('an unknown resource type', () => {
      expect(broken((t) => (t.Resources.TrailTable.Type = 'AWS::Glue::Tabel')).join('\n')).toMatch(
        /AWS::Glue::Tabel is not a CloudFormation resource type/,
      );
    });
  });
});
