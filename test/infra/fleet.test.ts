/**
 * The fleet in the synthesized Terraform: only agents speak for accounts, alarms read what the monitor
 * emits, agents run in several regions and publish to the bus's region, bundles are versioned and a
 * rollout is staged (and rolled back by config), guard rails and log-archive access as code when asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDetectorEnv } from '../../functions/detector/config.js';
import { createMemoryAggregatorState } from '../../functions/engine/aggregate/index.js';
import { createMonitorHandler, MONITOR_METRICS } from '../../functions/pipeline/fleet-health.js';
import { createLogger } from '../../functions/pipeline/log.js';
import { SCP_MAX_CHARS } from '../../modules/agent-protection/index.js';
import {
  evaluateCfn,
  fleetConfig,
  mainStackSet,
  memberTemplateOf,
  only,
  policyStatements,
  referencedName,
  resourcesOf,
  synthesize,
  TRAIL_BUCKET_POLICY,
  TRAIL_KEY_POLICY,
  type Synthesized,
  type TfJson,
  unescapeTerraform,
} from './support/synth.js';

const condition = (statement: Record<string, any>, variable: string): string[] =>
  (statement.condition as Array<{ variable: string; values: string[] }>)
    .filter((c) => c.variable === variable)
    .flatMap((c) => c.values);
const byName = (json: TfJson, type: string, name: string) =>
  resourcesOf(json, type).find(([, r]) => r.name === name || r.function_name === name)?.[1];
const templateOf = (body: string) => JSON.parse(unescapeTerraform(body)) as Record<string, any>;

/** What the monitor emits in one run: its EMF line, parsed. */
async function monitorEmf(): Promise<{ namespace: string; dimensions: string[][]; names: string[] }> {
  const lines: string[] = [];
  await createMonitorHandler({
    state: createMemoryAggregatorState(),
    listAccounts: async () => [],
    publishSummary: async () => {},
    sinks: [],
    routing: { minSeverity: 'low', sinks: {} } as never,
    heartbeatMinutes: 60,
    summaryHourUtc: null,
    log: createLogger('error', {}, () => {}),
    now: () => '2026-11-20T12:00:00.000Z',
    emit: (l) => lines.push(l),
  })();
  const doc = JSON.parse(lines[0]!) as {
    _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
  };
  const m = doc._aws.CloudWatchMetrics[0]!;
  return { namespace: m.Namespace, dimensions: m.Dimensions, names: m.Metrics.map((x) => x.Name) };
}

describe('the default deployment', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize();
  });
  afterAll(() => synth.cleanup());

  it("lets only the agents' roles put agent events on the bus, and no one forward stack changes", () => {
    const statements = policyStatements(synth.json, only(synth.json, 'aws_cloudwatch_event_bus_policy').policy);
    expect(statements).toHaveLength(1);
    expect(condition(statements[0]!, 'aws:PrincipalArn')).toEqual(['arn:aws:iam::*:role/ct-anomaly-agent-*']);
    // The agent role the template creates matches that pattern in every account and region.
    const role = memberTemplateOf(synth.json).Resources.AgentRole.Properties.RoleName;
    expect(evaluateCfn(role, { 'AWS::Region': 'eu-west-1' })).toMatch(/^ct-anomaly-agent-/);
  });

  it('alarms on what the monitor really emits: its namespace, dimension and metric names', async () => {
    const emitted = await monitorEmf();
    expect(emitted.names).toEqual([...MONITOR_METRICS]);
    const fleet = resourcesOf(synth.json, 'aws_cloudwatch_metric_alarm')
      .map(([, a]) => a)
      .filter((a) => a.namespace === emitted.namespace);
    expect(fleet.map((a) => a.alarm_name).sort()).toEqual(
      [
        'ct-anomaly-accounts-uncovered',
        'ct-anomaly-agents-behind',
        'ct-anomaly-agents-failing',
        'ct-anomaly-agents-gone-silent',
        'ct-anomaly-agents-outdated',
        'ct-anomaly-monitor-not-reporting',
      ].sort(),
    );
    for (const alarm of fleet) {
      expect(emitted.names).toContain(alarm.metric_name);
      expect([Object.keys(alarm.dimensions)]).toEqual(emitted.dimensions);
      expect(alarm.dimensions.Function).toBe('monitor');
      expect(alarm.period).toBe(synth.config.monitor.scheduleMinutes * 60);
    }
    const notReporting = fleet.find((a) => a.alarm_name === 'ct-anomaly-monitor-not-reporting')!;
    expect(notReporting).toMatchObject({ statistic: 'SampleCount', treat_missing_data: 'breaching' });
  });

  it('tells the monitor what to check the fleet against: the version rolled out, the regions, the thresholds', () => {
    const env = byName(synth.json, 'aws_lambda_function', 'ct-anomaly-monitor')!.environment.variables;
    expect(env).toMatchObject({
      CT_AGENT_VERSION: mainStackSet(synth.json).parameters.AgentVersion,
      CT_AGENT_REGIONS: 'eu-west-1',
      CT_FAILED_RUNS_ALERT: '3',
      CT_ROLLOUT_GRACE_MINUTES: '1440',
      CT_SUMMARY_HOUR_UTC: '8',
    });
  });

  it('has no canary, guard rail or log-archive resource unless asked', () => {
    expect(resourcesOf(synth.json, 'aws_cloudformation_stack_set')).toHaveLength(1);
    expect(resourcesOf(synth.json, 'aws_organizations_policy')).toEqual([]);
    expect(resourcesOf(synth.json, 'aws_kms_key_policy')).toEqual([]);
    expect(Object.keys(memberTemplateOf(synth.json).Resources)).not.toContain('StackWatchRole');
  });
});

describe('a fleet with every option on', () => {
  let synth: Synthesized;
  let template: Record<string, any>;
  beforeAll(() => {
    synth = synthesize(fleetConfig(), 'v1', '{}', { bucket: TRAIL_BUCKET_POLICY, key: TRAIL_KEY_POLICY });
    template = memberTemplateOf(synth.json);
  });
  afterAll(() => synth.cleanup());

  it('runs an agent in each agent region, from a code bucket in that region, reading its share of the trail regions', () => {
    const buckets = resourcesOf(synth.json, 'aws_s3_bucket').map(([, b]) => [b.bucket, b.provider ?? 'aws']);
    expect(buckets).toEqual(
      expect.arrayContaining([
        ['ct-anomaly-artifacts-222222222222-eu-west-1', 'aws'],
        ['ct-anomaly-artifacts-222222222222-us-east-1', 'aws.agents_us_east_1'],
      ]),
    );
    const regions = template.Mappings.AgentRegions;
    expect(Object.keys(regions).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(regions['us-east-1'].TrailRegions).toBe('us-east-1,us-east-2,us-west-2');
    const [eu, us] = [regions['eu-west-1'].CodeVersion, regions['us-east-1'].CodeVersion] as string[];
    expect(referencedName(eu!, 'aws_s3_object')).not.toBe(referencedName(us!, 'aws_s3_object'));
    const instances = resourcesOf(synth.json, 'aws_cloudformation_stack_set_instance').map(([, i]) => i.region);
    expect(instances.sort()).toEqual(['eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1']);
    const managed = resourcesOf(synth.json, 'aws_cloudformation_stack').map(([, s]) => s.provider);
    expect(managed.sort()).toEqual(['aws.management', 'aws.management_us_east_1']);
  });

  it('publishes to the central bus in its region, from an agent in another region', () => {
    const variables = evaluateCfn(template.Resources.DetectorFunction.Properties.Environment.Variables, {
      'AWS::AccountId': '444455556666',
      'AWS::Region': 'us-east-1',
      BaselineTable: 'ct-anomaly-baseline',
      WorkGroup: 'ct-anomaly',
      AgentVersion: '3f2a9c1d0b7e4a55',
      CentralBusArn: 'arn:aws:events:eu-west-1:222222222222:event-bus/ct-anomaly',
      'AgentRegions.us-east-1.TrailRegions': template.Mappings.AgentRegions['us-east-1'].TrailRegions,
    }) as Record<string, string>;
    const env = readDetectorEnv(variables);
    expect(env.busRegion).toBe(synth.config.central.region);
    expect(env.resources.athena.regions).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(env.agentVersion).toBe('3f2a9c1d0b7e4a55');
    // The StackSet passes the bus the central provider created, in the central region.
    const bus = mainStackSet(synth.json).parameters.CentralBusArn as string;
    const busName = referencedName(bus, 'aws_cloudwatch_event_bus')!;
    expect(synth.json.resource.aws_cloudwatch_event_bus![busName]!.provider).toBeUndefined();
  });

  it('rolls a new version out to the canary first, and to the rest only after the canary succeeded', () => {
    const sets = resourcesOf(synth.json, 'aws_cloudformation_stack_set');
    const canary = sets.find(([, s]) => s.name === 'ct-anomaly-agent-canary')!;
    const main = sets.find(([, s]) => s.name === 'ct-anomaly-agent')!;
    expect(canary[1].operation_preferences).toMatchObject({
      failure_tolerance_percentage: 0,
      max_concurrent_percentage: 100,
    });
    expect(main[1].operation_preferences).toMatchObject({
      failure_tolerance_percentage: 10,
      max_concurrent_percentage: 25,
    });
    expect(main[1].depends_on).toContain(`aws_cloudformation_stack_set.${canary[0]}`);
    expect(main[1].timeouts.update).toBe('6h');
    const targets = resourcesOf(synth.json, 'aws_cloudformation_stack_set_instance').map(([, i]) => [
      referencedName(i.stack_set_name, 'aws_cloudformation_stack_set'),
      i.deployment_targets.organizational_unit_ids,
    ]);
    expect(targets).toEqual(
      expect.arrayContaining([
        [canary[0], ['ou-a1b2-canary01']],
        [main[0], ['ou-a1b2-workload1']],
      ]),
    );
    for (const stack of resourcesOf(synth.json, 'aws_cloudformation_stack').map(([, s]) => s))
      expect(stack.depends_on).toContain(`aws_cloudformation_stack_set.${canary[0]}`);
  });

  it('denies changing the agent to everyone but the StackSet execution role, in a policy AWS accepts, on every target OU', () => {
    const policy = only(synth.json, 'aws_organizations_policy');
    expect(policy.type).toBe('SERVICE_CONTROL_POLICY');
    expect(policy.provider).toBe('aws.management');
    expect((policy.content as string).length).toBeLessThanOrEqual(SCP_MAX_CHARS);
    const doc = JSON.parse(policy.content as string) as { Statement: Array<Record<string, any>> };
    expect(doc.Statement.every((s) => s.Effect === 'Deny')).toBe(true);
    for (const s of doc.Statement)
      expect(s.Condition.ArnNotLike['aws:PrincipalArn']).toContain('arn:aws:iam::*:role/stacksets-exec-*');
    const denied = doc.Statement.flatMap((s) => s.Action as string[]);
    expect(denied).toEqual(
      expect.arrayContaining([
        'cloudformation:DeleteStack',
        'iam:PutRolePolicy',
        'lambda:DeleteFunction',
        'events:DisableRule',
      ]),
    );
    const baselineWrites = doc.Statement.find((s) => s.Sid === 'CtAnomalyOnlyTheAgentWritesItsBaseline')!;
    expect(baselineWrites.Condition.ArnNotLike['aws:PrincipalArn']).toContain('arn:aws:iam::*:role/ct-anomaly-agent-*');
    const attached = resourcesOf(synth.json, 'aws_organizations_policy_attachment').map(([, a]) => a.target_id);
    expect(attached.sort()).toEqual([...synth.config.organization.targetOuIds].sort());
  });

  it('still fits the StackSet template body limit (51,200 bytes) with every option on', () => {
    expect(Buffer.byteLength(unescapeTerraform(mainStackSet(synth.json).template_body as string))).toBeLessThan(51_200);
  });

  it("forwards the agent stack's deletion, drift and hand-made changes to the central bus, where they alert the SOC", () => {
    const rules = ['StackEventsRule', 'StackCallsRule'].map((id) => template.Resources[id].Properties);
    for (const rule of rules) {
      expect(rule.Targets[0].Arn).toEqual({ Ref: 'CentralBusArn' });
      expect(rule.Targets[0].RoleArn).toEqual({ 'Fn::GetAtt': ['StackWatchRole', 'Arn'] });
    }
    expect(rules[0].EventPattern.detail['stack-id']).toEqual([{ Ref: 'AWS::StackId' }]);
    expect(JSON.stringify(rules[1].EventPattern)).toContain('"anything-but":{"prefix":"stacksets-exec-"}');
    const statements = policyStatements(synth.json, only(synth.json, 'aws_cloudwatch_event_bus_policy').policy);
    const forward = statements.find((s) => s.sid === 'AgentStacksForwardTheirChanges')!;
    expect(condition(forward, 'aws:PrincipalArn')).toEqual(['arn:aws:iam::*:role/ct-anomaly-stack-watch-*']);
    expect(condition(forward, 'events:source')).toEqual(['aws.cloudformation']);
    const [ruleId] = resourcesOf(synth.json, 'aws_cloudwatch_event_rule').find(
      ([, r]) => r.name === 'ct-anomaly-agent-stack-changes',
    )!;
    const [, target] = resourcesOf(synth.json, 'aws_cloudwatch_event_target').find(
      ([, t]) => referencedName(t.rule, 'aws_cloudwatch_event_rule') === ruleId,
    )!;
    expect(target.arn).toMatch(/aws_sns_topic\..+_alerts_.+\.arn/);
    // The management account's stack, which no StackSet updates, has no such rules (every deploy would alert).
    const management = templateOf(resourcesOf(synth.json, 'aws_cloudformation_stack')[0]![1].template_body as string);
    expect(Object.keys(management.Resources)).not.toContain('StackWatchRole');
  });

  it("applies the trail bucket's and key's policies in the log-archive account: the committed base plus the agents' statements", () => {
    const bucketPolicy = resourcesOf(synth.json, 'aws_s3_bucket_policy')
      .map(([, p]) => p)
      .find((p) => p.bucket === synth.config.trail.bucket)!;
    expect(bucketPolicy.provider).toBe('aws.log_archive');
    expect(bucketPolicy.lifecycle.prevent_destroy).toBe(true);
    const doc = JSON.parse(unescapeTerraform(bucketPolicy.policy as string)) as {
      Statement: Array<Record<string, any>>;
    };
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      'AWSCloudTrailAclCheck',
      'AWSCloudTrailWrite',
      'CtAnomalyAgentsReadOwnAccountPrefix',
      'CtAnomalyAgentsListOwnAccountPrefix',
      'CtAnomalyAgentsLocateBucket',
    ]);
    expect(doc.Statement[2]!.Resource).toBe(
      `arn:aws:s3:::${synth.config.trail.bucket}/o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/\${aws:PrincipalAccount}/CloudTrail/*`,
    );
    const keyPolicy = only(synth.json, 'aws_kms_key_policy');
    expect(keyPolicy.key_id).toBe(synth.config.trail.kmsKeyArn);
    expect(JSON.parse(keyPolicy.policy as string).Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'EnableIamPolicies',
      'CloudTrailEncrypts',
      'CtAnomalyAgentsDecryptTrailThroughS3',
    ]);
    const provider = synth.json.provider.aws.find((p) => p.alias === 'log_archive')!;
    expect(provider.assume_role).toEqual([
      expect.objectContaining({ role_arn: 'arn:aws:iam::333333333333:role/ct-anomaly-deploy' }),
    ]);
  });
});

describe('Control Tower: the trail replica, an account canary and a rollback', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize(
      fleetConfig({
        agents: {
          pinVersion: {
            version: '0123456789abcdef',
            s3VersionIds: { 'eu-west-1': 'Wm9vLmV4YW1wbGUuaWQ1', 'us-east-1': 'QmFyLmV4YW1wbGUuaWQ2' },
          },
        },
        stackSet: { canary: { organizationalUnitIds: [], accounts: ['444455556666'] } },
        logArchive: { mode: 'replica', bucketPolicyFile: undefined, keyPolicyFile: undefined },
      }),
    );
  });
  afterAll(() => synth.cleanup());

  it('replicates the trail into a bucket of ours, which the agents read, leaving the trail bucket policy alone', () => {
    const replication = only(synth.json, 'aws_s3_bucket_replication_configuration');
    expect(replication.bucket).toBe(synth.config.trail.bucket);
    expect(replication.rule[0].filter).toEqual({ prefix: 'o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/' });
    expect(replication.rule[0].destination.encryption_configuration.replica_kms_key_id).toMatch(/aws_kms_key\./);
    const policies = resourcesOf(synth.json, 'aws_s3_bucket_policy').map(([, p]) => p.bucket);
    expect(policies).not.toContain(synth.config.trail.bucket);
    const template = memberTemplateOf(synth.json);
    const location = evaluateCfn(template.Resources.TrailTable.Properties.TableInput.StorageDescriptor.Location, {
      'AWS::AccountId': '444455556666',
    });
    expect(location).toBe(
      's3://ct-anomaly-trail-333333333333-eu-west-1/o-a1b2c3d4e5/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/',
    );
    const decrypt = template.Resources.AgentRole.Properties.Policies[0].PolicyDocument.Statement.find(
      (s: { Sid: string }) => s.Sid === 'DecryptTrailThroughS3',
    );
    expect(decrypt.Condition['ForAnyValue:StringEquals']).toEqual({
      'kms:ResourceAliases': 'alias/ct-anomaly-trail-replica',
    });
  });

  it('pins every agent to the earlier bundle, and uploads no new one meanwhile', () => {
    const template = memberTemplateOf(synth.json);
    expect(template.Mappings.AgentRegions['us-east-1'].CodeVersion).toBe('QmFyLmV4YW1wbGUuaWQ2');
    expect(mainStackSet(synth.json).parameters.AgentVersion).toBe('0123456789abcdef');
    const code = resourcesOf(synth.json, 'aws_s3_object').filter(([, o]) => o.key === 'agent/detector.zip');
    for (const [, object] of code)
      expect(object.lifecycle.ignore_changes).toEqual(['source', 'source_hash', 'metadata']);
    const monitor = byName(synth.json, 'aws_lambda_function', 'ct-anomaly-monitor')!;
    expect(monitor.environment.variables.CT_AGENT_VERSION).toBe('0123456789abcdef');
  });

  it('takes canary accounts first and leaves them out of the main StackSet', () => {
    const instances = resourcesOf(synth.json, 'aws_cloudformation_stack_set_instance').map(([, i]) => i);
    const filters = instances.map((i) => [i.deployment_targets.account_filter_type, i.deployment_targets.accounts]);
    expect(filters).toEqual(
      expect.arrayContaining([
        ['INTERSECTION', ['444455556666']],
        ['DIFFERENCE', ['444455556666']],
      ]),
    );
    const canary = resourcesOf(synth.json, 'aws_cloudformation_stack_set').find(([, s]) => s.name.endsWith('-canary'))!;
    expect(canary[1].auto_deployment).toEqual({ enabled: false });
  });
});
