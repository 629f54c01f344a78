import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDetectorEnv } from '../../../functions/detector/config.js';
import { CLOUDTRAIL_COLUMNS } from '../../../functions/engine/cloudtrail/columns.js';
import {
  memberTemplateOf,
  evaluateCfn,
  ROOT,
  synthesize,
  testConfig,
  type Synthesized,
} from '../../infra/support/synth.js';
import { isWriteAction, normalise, wildcardWrites } from '../../infra/support/iam.js';

const ACCOUNT = '444455556666';
const REGION = 'eu-west-1';
const refs = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  CentralBusArn: 'arn:aws:events:eu-west-1:222222222222:event-bus/ct-anomaly',
  AgentVersion: '3f2a9c1d0b7e4a55',
};

describe('member-agent template (as the StackSet receives it)', () => {
  let synth: Synthesized;
  let template: Record<string, any>;
  const resource = (id: string) => template.Resources[id] as { Type: string; Properties: Record<string, any> };

  beforeAll(() => {
    synth = synthesize();
    template = memberTemplateOf(synth.json);
  });
  afterAll(() => synth.cleanup());

  it('declares exactly the canonical CloudTrail columns, with their Hive types', () => {
    const columns = resource('TrailTable').Properties.TableInput.StorageDescriptor.Columns as Array<{
      Name: string;
      Type: string;
    }>;
    expect(columns.map((c) => [c.Name, c.Type])).toEqual(CLOUDTRAIL_COLUMNS.map((c) => [c.name.toLowerCase(), c.hive]));
  });

  it('projects partitions over the org trail layout of this account, regions from the config, dates up to NOW', () => {
    const input = resource('TrailTable').Properties.TableInput;
    const params = evaluateCfn(input.Parameters, refs) as Record<string, string>;
    const { trail, organization } = synth.config;
    expect(params['projection.enabled']).toBe('true');
    expect(params['projection.region.type']).toBe('enum');
    expect(params['projection.region.values']!.split(',')).toEqual(trail.regions);
    expect(params['projection.date.type']).toBe('date');
    expect(params['projection.date.format']).toBe('yyyy/MM/dd');
    expect(params['projection.date.range']).toBe(`${trail.startDate},NOW`);
    expect(params['projection.date.interval']).toBe('1');
    expect(params['projection.date.interval.unit']).toBe('DAYS');
    expect(params['storage.location.template']).toBe(
      `s3://${trail.bucket}/${trail.prefix}/AWSLogs/${organization.id}/${ACCOUNT}/CloudTrail/\${region}/\${date}`,
    );
    expect(input.PartitionKeys.map((k: { Name: string }) => k.Name)).toEqual(['region', 'date']);
    expect(evaluateCfn(input.StorageDescriptor.Location, refs)).toBe(
      `s3://${trail.bucket}/${trail.prefix}/AWSLogs/${organization.id}/${ACCOUNT}/CloudTrail/`,
    );
    expect(input.StorageDescriptor.InputFormat).toBe('com.amazon.emr.cloudtrail.CloudTrailInputFormat');
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hive.hcatalog.data.JsonSerDe');
  });

  it('follows trails without a prefix or without the organization id in the path', () => {
    const other = synthesize(testConfig({ trail: { prefix: '', organizationIdInPath: false, kmsKeyArn: undefined } }));
    try {
      const t = memberTemplateOf(other.json);
      const params = evaluateCfn(t.Resources.TrailTable.Properties.TableInput.Parameters, refs) as Record<
        string,
        string
      >;
      expect(params['storage.location.template']).toBe(
        `s3://${other.config.trail.bucket}/AWSLogs/${ACCOUNT}/CloudTrail/\${region}/\${date}`,
      );
      const statements = t.Resources.AgentRole.Properties.Policies[0].PolicyDocument.Statement as Array<
        Record<string, any>
      >;
      expect(statements.some((s) => String(s.Action).startsWith('kms:'))).toBe(false);
    } finally {
      other.cleanup();
    }
  });

  it('keeps the baseline on-demand, encrypted, with a TTL attribute', () => {
    const table = resource('BaselineTable').Properties;
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(table.SSESpecification.SSEEnabled).toBe(true);
  });

  it("runs the detector from its region's artifact bucket, at the object version the rollout names, with an on-failure destination and retained logs", () => {
    const fn = resource('DetectorFunction').Properties;
    expect(fn.Runtime).toBe('nodejs22.x');
    expect(fn.Code).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's placeholder, not a template literal.
      S3Bucket: { 'Fn::Sub': 'ct-anomaly-artifacts-222222222222-${AWS::Region}' },
      S3Key: 'agent/detector.zip',
      S3ObjectVersion: { 'Fn::FindInMap': ['AgentRegions', { Ref: 'AWS::Region' }, 'CodeVersion'] },
    });
    expect(Object.keys(template.Mappings.AgentRegions)).toEqual([REGION]);
    expect(template.Mappings.AgentRegions[REGION].CodeVersion).toMatch(/^\$\{aws_s3_object\..+\.version_id\}$/);
    expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: 'DetectorLogGroup' });
    expect(resource('DetectorLogGroup').Properties.RetentionInDays).toBe(synth.config.agents.logRetentionDays);
    const invoke = resource('DetectorInvokeConfig').Properties;
    expect(invoke.FunctionName).toEqual({ Ref: 'DetectorFunction' });
    expect(invoke.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': ['DetectorDlq', 'Arn'] });
    const schedule = resource('DetectorSchedule').Properties;
    expect(schedule.ScheduleExpression).toBe(`rate(${synth.config.agents.scheduleMinutes} minutes)`);
    expect(schedule.Targets[0].DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': ['DetectorDlq', 'Arn'] });
  });

  it('reserves no concurrency unless asked (a new account at the 10-execution quota rejects any reservation)', () => {
    expect(resource('DetectorFunction').Properties.ReservedConcurrentExecutions).toBeUndefined();
    const other = synthesize(testConfig({ agents: { reservedConcurrency: true } }));
    try {
      expect(memberTemplateOf(other.json).Resources.DetectorFunction.Properties.ReservedConcurrentExecutions).toBe(1);
    } finally {
      other.cleanup();
    }
  });

  it('sets exactly the detector environment documented in docs/architecture.md', () => {
    const documented = /Detector \(member account\):([\s\S]*?)\n\n/.exec(
      readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'),
    )![1]!;
    const names = new Set([...documented.matchAll(/`(CT_[A-Z_]+)`/g)].map((m) => m[1]));
    const variables = Object.keys(resource('DetectorFunction').Properties.Environment.Variables).filter((k) =>
      k.startsWith('CT_'),
    );
    expect(new Set(variables)).toEqual(names);
  });

  it('gives the detector an environment its own config reader accepts', () => {
    const variables = evaluateCfn(resource('DetectorFunction').Properties.Environment.Variables, {
      ...refs,
      BaselineTable: 'ct-anomaly-baseline',
      WorkGroup: 'ct-anomaly',
    }) as Record<string, string>;
    const config = readDetectorEnv(variables) as unknown as Record<string, unknown>;
    expect(JSON.stringify(config)).toContain(ACCOUNT);
    expect(JSON.stringify(config)).toContain('ct-anomaly-baseline');
  });

  it('enforces the Athena results location, a scan cutoff and result expiry', () => {
    const wg = resource('WorkGroup').Properties.WorkGroupConfiguration;
    expect(wg.EnforceWorkGroupConfiguration).toBe(true);
    expect(wg.BytesScannedCutoffPerQuery).toBe(synth.config.agents.athenaBytesScannedCutoff);
    expect(evaluateCfn(wg.ResultConfiguration.OutputLocation, { QueryResultsBucket: 'results' })).toBe(
      's3://results/athena/',
    );
    const rules = resource('QueryResultsBucket').Properties.LifecycleConfiguration.Rules;
    expect(rules[0].ExpirationInDays).toBe(synth.config.agents.athenaResultsExpiryDays);
    expect(resource('QueryResultsBucket').Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
  });

  describe('agent permissions', () => {
    let statements: Array<Record<string, any>>;
    beforeAll(() => {
      statements = resource('AgentRole').Properties.Policies.flatMap(
        (p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement,
      );
    });

    it('grants no write action on *', () => {
      expect(wildcardWrites(statements)).toEqual([]);
      for (const s of statements.map(normalise)) for (const r of s.resources) expect(r).not.toBe('*');
    });

    it("reads the trail only under this account's own prefix", () => {
      const { trail, organization } = synth.config;
      const reads = statements.filter((s) => normalise(s).actions.includes('s3:GetObject'));
      const trailReads = reads
        .map((s) => evaluateCfn(s.Resource, refs) as string)
        .filter((r) => r.includes(trail.bucket));
      expect(trailReads).toEqual([
        `arn:aws:s3:::${trail.bucket}/${trail.prefix}/AWSLogs/${organization.id}/${ACCOUNT}/CloudTrail/*`,
      ]);
      const list = statements.find(
        (s) =>
          normalise(s).actions.includes('s3:ListBucket') &&
          String(evaluateCfn(s.Resource, refs)).includes(trail.bucket),
      )!;
      expect(evaluateCfn(list.Condition.StringLike['s3:prefix'], refs)).toEqual([
        `${trail.prefix}/AWSLogs/${organization.id}/${ACCOUNT}/CloudTrail/*`,
      ]);
    });

    it('decrypts with the trail key only through S3, and publishes only to the central bus', () => {
      const kms = statements.find((s) => s.Action === 'kms:Decrypt')!;
      expect(kms.Resource).toBe(synth.config.trail.kmsKeyArn);
      expect(kms.Condition.StringLike['kms:ViaService']).toBe('s3.*.amazonaws.com');
      const put = statements.filter((s) => normalise(s).actions.includes('events:PutEvents'));
      expect(put.map((s) => s.Resource)).toEqual([{ Ref: 'CentralBusArn' }]);
    });

    // Athena runs queries in its own workgroup, PutEvents and kms:Decrypt are checked above.
    it('writes only its own table, results bucket, log group and DLQ', () => {
      const writeTargets = statements
        .map(normalise)
        .filter((s) =>
          s.actions.some(
            (a) => isWriteAction(a) && !['athena:', 'events:PutEvents', 'kms:Decrypt'].some((x) => a.startsWith(x)),
          ),
        )
        .flatMap((s) => s.resources.map((r) => JSON.stringify(r)));
      for (const target of writeTargets)
        expect(target).toMatch(/BaselineTable|QueryResultsBucket|DetectorLogGroup|DetectorDlq/);
    });

    it('is assumable only by Lambda in the same account', () => {
      const trust = resource('AgentRole').Properties.AssumeRolePolicyDocument.Statement[0];
      expect(trust.Principal).toEqual({ Service: 'lambda.amazonaws.com' });
      expect(trust.Resource).toBeUndefined();
      expect(trust.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    });
  });

  it('fits the StackSet template body limit (51,200 bytes)', () => {
    expect(JSON.stringify(template).length).toBeLessThan(51_200);
  });
});
