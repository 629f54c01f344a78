import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesIn } from '../../infra/stack.js';
import { wildcardWrites } from './support/iam.js';
import {
  memberTemplateOf,
  only,
  policyStatements,
  referencedName,
  resourcesOf,
  ROOT,
  synthesize,
  testConfig,
  unescapeTerraform,
  type Synthesized,
} from './support/synth.js';

/** All TypeScript under functions/<dir>/, to check the handler reads what we set. */
/** The artifact bucket's two objects: the agent code and the deployment's config. */
function codeObjects(json: Parameters<typeof resourcesOf>[0]): Record<'agent' | 'config', Record<string, any>> {
  const objects = resourcesOf(json, 'aws_s3_object').map(([, o]) => o);
  return {
    agent: objects.find((o) => String(o.key).startsWith('agent/'))!,
    config: objects.find((o) => String(o.key).startsWith('config/'))!,
  };
}

/** What a Lambda reads: its own folder and the pipeline it composes (sink settings are read there, once for all). */
function handlerSource(dir: string): string {
  return [join(ROOT, 'functions', dir), join(ROOT, 'functions', 'pipeline')]
    .flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(root, f), 'utf8')),
    )
    .join('\n');
}

const conditionValues = (statement: Record<string, any>, variable: string): string[] =>
  (statement.condition as Array<{ variable: string; values: string[] }>)
    .filter((c) => c.variable === variable)
    .flatMap((c) => c.values);

describe('central stack (synthesized Terraform JSON)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize();
  });
  afterAll(() => synth.cleanup());

  it('lets only the organization put agent events on the bus', () => {
    const policy = only(synth.json, 'aws_cloudwatch_event_bus_policy');
    const [statement, ...rest] = policyStatements(synth.json, policy.policy);
    expect(rest).toEqual([]);
    expect(statement!.actions).toEqual(['events:PutEvents']);
    expect(statement!.resources).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_event_bus\..+\.arn\}$/)]);
    expect(conditionValues(statement!, 'aws:PrincipalOrgID')).toEqual([synth.config.organization.id]);
    expect(conditionValues(statement!, 'events:source')).toEqual(['ct-anomaly.agent']);
    expect(conditionValues(statement!, 'events:detail-type').sort()).toEqual(['Agent Heartbeat', 'Anomaly Finding']);
  });

  it('routes findings and heartbeats to the aggregator queue, with retries and a DLQ', () => {
    const rules = resourcesOf(synth.json, 'aws_cloudwatch_event_rule').filter(([, r]) => r.event_pattern);
    const patterns = rules.map(([, r]) => JSON.parse(r.event_pattern as string));
    expect(patterns).toEqual(
      expect.arrayContaining([
        { source: ['ct-anomaly.agent'], 'detail-type': ['Anomaly Finding'] },
        { source: ['ct-anomaly.agent'], 'detail-type': ['Agent Heartbeat'] },
      ]),
    );
    const queue = resourcesOf(synth.json, 'aws_sqs_queue').find(([, q]) => q.name === 'ct-anomaly-agent-events')![1];
    expect(queue.redrive_policy).toMatch(/maxReceiveCount/);
    for (const [name] of rules) {
      const target = resourcesOf(synth.json, 'aws_cloudwatch_event_target').find(
        ([, t]) => referencedName(t.rule, 'aws_cloudwatch_event_rule') === name,
      )![1];
      expect(target.arn).toMatch(/aws_sqs_queue\..+_queue_.+\.arn/);
      expect(target.dead_letter_config.arn).toMatch(/aws_sqs_queue\./);
      expect(target.retry_policy.maximum_retry_attempts).toBeGreaterThan(0);
    }
    const mapping = only(synth.json, 'aws_lambda_event_source_mapping');
    expect(mapping.function_response_types).toEqual(['ReportBatchItemFailures']);
    expect(mapping.batch_size).toBeGreaterThan(1);
  });

  it('gives every Lambda a DLQ or an on-failure destination, and a log group with retention', () => {
    const functions = resourcesOf(synth.json, 'aws_lambda_function');
    expect(functions.map(([, f]) => f.function_name).sort()).toEqual(['ct-anomaly-aggregator', 'ct-anomaly-monitor']);
    const queues = Object.fromEntries(resourcesOf(synth.json, 'aws_sqs_queue'));
    for (const [name, fn] of functions) {
      const viaQueue = resourcesOf(synth.json, 'aws_lambda_event_source_mapping').some(([, m]) => {
        const queue = queues[referencedName(m.event_source_arn, 'aws_sqs_queue') ?? ''];
        return (
          referencedName(m.function_name, 'aws_lambda_function') === name &&
          /deadLetterTargetArn/.test(String(queue?.redrive_policy))
        );
      });
      const onFailure = resourcesOf(synth.json, 'aws_lambda_function_event_invoke_config').some(
        ([, c]) =>
          c.function_name.includes(name) && /aws_sqs_queue\./.test(c.destination_config?.on_failure?.destination),
      );
      expect(viaQueue || onFailure || Boolean(fn.dead_letter_config), fn.function_name).toBe(true);
      const group =
        synth.json.resource.aws_cloudwatch_log_group![
          referencedName(fn.logging_config.log_group, 'aws_cloudwatch_log_group')!
        ]!;
      expect(group.name).toBe(`/aws/lambda/${fn.function_name}`);
      expect(group.retention_in_days).toBe(synth.config.agents.logRetentionDays);
      expect(fn.depends_on).toContain(
        `aws_cloudwatch_log_group.${referencedName(fn.logging_config.log_group, 'aws_cloudwatch_log_group')}`,
      );
      expect(fn.runtime).toBe('nodejs22.x');
    }
  });

  it('sets the Lambda environment of docs/architecture.md, and only variables the handlers read', () => {
    const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const documented = (heading: string) => [
      ...new RegExp(`${heading}([\\s\\S]*?)\\n\\n`)
        .exec(doc)![1]!
        .matchAll(/`(CT_[A-Z_]+)`(?:[^,`]*?\((optional)\))?/g),
    ];
    const env = (name: string) =>
      Object.keys(
        resourcesOf(synth.json, 'aws_lambda_function').find(([, f]) => f.function_name === name)![1].environment
          .variables,
      ).filter((k) => k.startsWith('CT_'));
    const cases = [
      ['ct-anomaly-aggregator', 'Aggregator \\(central\\):', 'aggregator'],
      ['ct-anomaly-monitor', 'Monitor \\(central\\):', 'monitor'],
    ] as const;
    for (const [fn, heading, dir] of cases) {
      const set = env(fn);
      const required = documented(heading)
        .filter((m) => !m[2])
        .map((m) => m[1]!);
      // Splunk and Slack are documented as optional pairs and only set when configured (not in the example).
      for (const name of required.filter((n) => !/SPLUNK|SLACK/.test(n))) expect(set, `${fn} ${name}`).toContain(name);
      const source = handlerSource(dir);
      if (!/CT_[A-Z]/.test(source)) continue; // placeholder handler: nothing to compare with yet
      for (const name of set)
        expect(
          source.includes(`'${name}'`) || source.includes(`.${name}`),
          `${fn} sets ${name} but never reads it`,
        ).toBe(true);
    }
  });

  it('wires the Splunk, Slack and Security Hub sinks: environment and nothing but their secrets', () => {
    const sinks = synthesize(
      testConfig({
        sinks: {
          splunk: { hecUrl: 'https://splunk.example.com:8088/services/collector/event', tokenSecretName: 'ct/hec' },
          slack: { webhookSecretName: 'ct/slack' },
          securityHub: true,
        },
        monitor: { exemptAccounts: ['999988887777'] },
      }),
    );
    try {
      const fns = Object.fromEntries(
        resourcesOf(sinks.json, 'aws_lambda_function').map(([name, f]) => [f.function_name as string, { name, f }]),
      );
      for (const fn of ['ct-anomaly-aggregator', 'ct-anomaly-monitor']) {
        const vars = fns[fn]!.f.environment.variables as Record<string, string>;
        expect(vars).toMatchObject({
          CT_SPLUNK_HEC_URL: 'https://splunk.example.com:8088/services/collector/event',
          CT_SPLUNK_TOKEN_SECRET: 'ct/hec',
          CT_SLACK_WEBHOOK_SECRET: 'ct/slack',
        });
        const policy = resourcesOf(sinks.json, 'aws_iam_role_policy').find(([, p]) =>
          p.role.includes(fn.replace('ct-anomaly-', '')),
        )![1];
        const secrets = policyStatements(sinks.json, policy.policy).find((st) => st.sid === 'ReadSinkSecrets')!;
        expect(secrets.actions).toEqual(['secretsmanager:GetSecretValue']);
        expect(secrets.resources).toEqual([
          'arn:aws:secretsmanager:eu-west-1:222222222222:secret:ct/hec-??????',
          'arn:aws:secretsmanager:eu-west-1:222222222222:secret:ct/slack-??????',
        ]);
      }
      expect(fns['ct-anomaly-aggregator']!.f.environment.variables.CT_SECURITY_HUB).toBe('true');
      expect(fns['ct-anomaly-monitor']!.f.environment.variables.CT_EXEMPT_ACCOUNTS).toBe('999988887777');
      const aggregatorPolicy = resourcesOf(sinks.json, 'aws_iam_role_policy').find(([, p]) =>
        p.role.includes('aggregator'),
      )![1];
      const hub = policyStatements(sinks.json, aggregatorPolicy.policy).find(
        (st) => st.sid === 'ImportSecurityHubFindings',
      )!;
      expect(hub.resources).toEqual(['arn:aws:securityhub:eu-west-1:222222222222:product/222222222222/default']);
    } finally {
      sinks.cleanup();
    }
  });

  it('keeps state on demand, with TTL, point-in-time recovery and encryption; TTL on every table', () => {
    const table = only(synth.json, 'aws_dynamodb_table');
    expect(table.billing_mode).toBe('PAY_PER_REQUEST');
    expect(table.ttl).toEqual({ attribute_name: 'ttl', enabled: true });
    expect(table.point_in_time_recovery.enabled).toBe(true);
    expect(table.server_side_encryption.enabled).toBe(true);
    const memberTables = Object.values<{ Type: string; Properties: Record<string, any> }>(
      memberTemplateOf(synth.json).Resources,
    ).filter((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(memberTables.length).toBeGreaterThan(0);
    for (const t of memberTables) expect(t.Properties.TimeToLiveSpecification.Enabled).toBe(true);
  });

  it('encrypts both topics with the customer-managed key', () => {
    for (const [, topic] of resourcesOf(synth.json, 'aws_sns_topic'))
      expect(topic.kms_master_key_id).toMatch(/aws_kms_key\..+\.arn/);
    expect(only(synth.json, 'aws_kms_key').enable_key_rotation).toBe(true);
  });

  it('grants no write action on * in any role policy', () => {
    const policies = resourcesOf(synth.json, 'aws_iam_role_policy');
    expect(policies.length).toBe(2);
    for (const [, policy] of policies) expect(wildcardWrites(policyStatements(synth.json, policy.policy))).toEqual([]);
  });

  it('serves the agent code from a versioned, private, TLS-only bucket readable by the organization', () => {
    const bucket = only(synth.json, 'aws_s3_bucket');
    expect(bucket.bucket).toBe(
      `ct-anomaly-artifacts-${synth.config.central.accountId}-${synth.config.agents.homeRegion}`,
    );
    expect(only(synth.json, 'aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    const block = only(synth.json, 'aws_s3_bucket_public_access_block');
    for (const key of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'])
      expect(block[key]).toBe(true);
    const statements = policyStatements(synth.json, only(synth.json, 'aws_s3_bucket_policy').policy);
    const tls = statements.find((s) => s.effect === 'Deny')!;
    expect(conditionValues(tls, 'aws:SecureTransport')).toEqual(['false']);
    const read = statements.find((s) => s.effect === 'Allow')!;
    expect(read.actions).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    expect(read.resources).toEqual([
      expect.stringMatching(/\/agent\/\*$/),
      expect.stringMatching(/\/config\/ct-anomaly\.json$/),
    ]);
    expect(conditionValues(read, 'aws:PrincipalOrgID')).toEqual([synth.config.organization.id]);
  });

  it('delivers the detection config as one object every agent and central function reads at run time', () => {
    // an organization of 1,500 accounts travels in the object, not in an environment variable (4 KB limit)
    const org = Array.from({ length: 1500 }, (_, i) => String(100000000000 + i * 7919));
    const detection = `learningDays: 7\norganizationAccountIds: [${org.map((a) => `"${a}"`).join(', ')}]\nsuppressions:\n  - reason: CI reads IAM\n    owner: platform\n    principal: "*:role/ci"\n`;
    const tuned = synthesize(synth.config, 'v1', detection);
    try {
      const config = codeObjects(tuned.json).config;
      expect(config.key).toBe('config/ct-anomaly.json');
      const delivered = JSON.parse(config.content as string) as { config: Record<string, unknown> };
      expect(delivered.config).toMatchObject({ learningDays: 7, suppressions: [{ owner: 'platform' }] });
      expect(delivered.config.organizationAccountIds).toEqual(org);
      for (const [, f] of resourcesOf(tuned.json, 'aws_lambda_function'))
        expect(JSON.stringify(f.environment?.variables ?? {})).not.toContain(org[1]);
      const uri = `s3://ct-anomaly-artifacts-${synth.config.central.accountId}-${synth.config.agents.homeRegion}/config/ct-anomaly.json`;
      for (const fn of ['ct-anomaly-aggregator', 'ct-anomaly-monitor']) {
        const [, f] = resourcesOf(tuned.json, 'aws_lambda_function').find(([, x]) => x.function_name === fn)!;
        expect(f.environment.variables.CT_CONFIG_URI, fn).toBe(uri);
      }
      // Tuning changes the object only: the functions' code and the StackSet template stay as they were.
      const codeOf = (json: typeof synth.json) =>
        resourcesOf(json, 'aws_lambda_function').map(([, f]) => f.source_code_hash as string);
      expect(codeOf(tuned.json)).toEqual(codeOf(synth.json));
      expect(only(tuned.json, 'aws_cloudformation_stack_set').template_body).toBe(
        only(synth.json, 'aws_cloudformation_stack_set').template_body,
      );
    } finally {
      tuned.cleanup();
    }
  });

  it('keeps the agent code under one key, each build an object version labelled with its content hash: a new build rolls out, an identical one does not', () => {
    const object = codeObjects(synth.json).agent;
    const zip = readFileSync(join(synth.stackDir, object.source as string));
    const hash = createHash('sha256').update(zip).digest('hex').slice(0, 16);
    expect(object.key).toBe('agent/detector.zip');
    expect(object.metadata).toEqual({ 'ct-anomaly-version': hash });
    // Updated in place (a new object version), never replaced: replacing would delete the earlier versions.
    expect(object.lifecycle?.create_before_destroy).toBeUndefined();
    const set = only(synth.json, 'aws_cloudformation_stack_set');
    expect(set.parameters.AgentVersion).toBe(hash);
    expect(set.template_body).toMatch(/"CodeVersion":"\$\{aws_s3_object\.[^.]+\.version_id\}"/);
    const same = synthesize(synth.config, 'v1');
    const next = synthesize(synth.config, 'v2');
    try {
      expect(only(same.json, 'aws_cloudformation_stack_set').parameters.AgentVersion).toBe(hash);
      expect(only(next.json, 'aws_cloudformation_stack_set').parameters.AgentVersion).not.toBe(hash);
      expect(codeObjects(next.json).agent.key).toBe('agent/detector.zip');
    } finally {
      same.cleanup();
      next.cleanup();
    }
  });

  it('keeps the last agents.keepVersions bundles and never expires the current one', () => {
    const lifecycle = only(synth.json, 'aws_s3_bucket_lifecycle_configuration');
    const rule = (lifecycle.rule as Array<Record<string, any>>).find((r) => r.id === 'keep-recent-agent-versions')!;
    expect(rule.filter).toEqual([{ prefix: 'agent/' }]);
    expect(rule.noncurrent_version_expiration).toEqual([
      { noncurrent_days: 1, newer_noncurrent_versions: synth.config.agents.keepVersions - 1 },
    ]);
    expect(rule.expiration).toBeUndefined();
  });

  it('alarms on function errors, every DLQ, failed deliveries, finding surges and silent agents', () => {
    const alarms = resourcesOf(synth.json, 'aws_cloudwatch_metric_alarm').map(([, a]) => a);
    const names = alarms.map((a) => a.alarm_name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ct-anomaly-aggregator-errors',
        'ct-anomaly-monitor-errors',
        'ct-anomaly-findings-surge',
        'ct-anomaly-agents-silent',
      ]),
    );
    const dlqs = resourcesOf(synth.json, 'aws_sqs_queue').filter(([, q]) => String(q.name).endsWith('-dlq'));
    const watched = alarms
      .filter((a) => a.namespace === 'AWS/SQS')
      .map((a) => referencedName(a.dimensions.QueueName, 'aws_sqs_queue'));
    expect(new Set(watched)).toEqual(new Set(dlqs.map(([n]) => n)));
    for (const a of alarms)
      expect(a.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\..+_operations_.+\.arn/)]);
    expect(alarms.find((a) => a.alarm_name === 'ct-anomaly-agents-silent')!.treat_missing_data).toBe('breaching');
  });
});

describe('rollout (synthesized Terraform JSON)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize();
  });
  afterAll(() => synth.cleanup());

  it('is a service-managed StackSet with auto-deployment, from the config', () => {
    const set = only(synth.json, 'aws_cloudformation_stack_set');
    expect(set.permission_model).toBe('SERVICE_MANAGED');
    expect(set.auto_deployment).toEqual({ enabled: true, retain_stacks_on_account_removal: false });
    expect(set.capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(set.call_as).toBe('DELEGATED_ADMIN');
    expect(set.operation_preferences).toMatchObject({
      failure_tolerance_percentage: 10,
      max_concurrent_percentage: 25,
    });
    expect(Object.keys(set.parameters).sort()).toEqual(['AgentVersion', 'CentralBusArn']);
    const instance = only(synth.json, 'aws_cloudformation_stack_set_instance');
    expect(instance.deployment_targets.organizational_unit_ids).toEqual(synth.config.organization.targetOuIds);
    expect(instance.region).toBe(synth.config.agents.homeRegion);
    expect(instance.call_as).toBe('DELEGATED_ADMIN');
  });

  it('covers the management account with the same template through its own provider', () => {
    const set = only(synth.json, 'aws_cloudformation_stack_set');
    const stack = only(synth.json, 'aws_cloudformation_stack');
    expect(stack.template_body).toBe(set.template_body);
    expect(stack.parameters).toEqual(set.parameters);
    expect(stack.capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(stack.provider).toBe('aws.management');
    const management = synth.json.provider.aws.find((p) => p.alias === 'management')!;
    expect(management.assume_role[0].role_arn).toBe(synth.config.managementAccount.deployRoleArn);
    expect(management.allowed_account_ids).toEqual([synth.config.organization.managementAccountId]);
    expect(management.region).toBe(synth.config.agents.homeRegion);
  });

  it('prints the log-archive bucket statements: each account reads only its own prefix', () => {
    const { trail, organization } = synth.config;
    const text = synth.json.output.log_archive_bucket_policy_statements!.value as string;
    expect(text).toContain('$${aws:PrincipalAccount}');
    const statements = JSON.parse(unescapeTerraform(text)) as Array<Record<string, any>>;
    const read = statements.find((s) => s.Action === 's3:GetObject')!;
    expect(read.Resource).toBe(
      `arn:aws:s3:::${trail.bucket}/${trail.prefix}/AWSLogs/${organization.id}/\${aws:PrincipalAccount}/CloudTrail/*`,
    );
    expect(read.Condition.StringEquals['aws:PrincipalOrgID']).toBe(organization.id);
    expect(read.Condition.ArnLike['aws:PrincipalArn']).toBe('arn:aws:iam::*:role/ct-anomaly-agent-*');
    const key = JSON.parse(
      unescapeTerraform(synth.json.output.trail_kms_key_policy_statement!.value as string),
    ) as Record<string, any>;
    expect(key.Action).toBe('kms:Decrypt');
    expect(synth.json.output.bus_arn!.value).toMatch(/aws_cloudwatch_event_bus\..+\.arn/);
  });

  it('administers the StackSet from the management account when callAs is SELF', () => {
    const self = synthesize(testConfig({ stackSet: { callAs: 'SELF' } }));
    try {
      expect(only(self.json, 'aws_cloudformation_stack_set').provider).toBe('aws.management');
      expect(only(self.json, 'aws_cloudformation_stack_set_instance').call_as).toBe('SELF');
    } finally {
      self.cleanup();
    }
  });

  it('needs no extra provider when deploying from the management account in one region', () => {
    const single = synthesize(
      testConfig({ central: { accountId: '111111111111' }, managementAccount: { deployRoleArn: undefined } }),
    );
    try {
      expect(single.json.provider.aws).toHaveLength(1);
      expect(only(single.json, 'aws_cloudformation_stack').provider).toBe('aws');
    } finally {
      single.cleanup();
    }
  });

  it('puts the code bucket in the agents region when it differs from the central region', () => {
    const split = synthesize(testConfig({ agents: { homeRegion: 'us-east-1' } }));
    try {
      const alias = split.json.provider.aws.find((p) => p.alias === 'agents_region')!;
      expect(alias.region).toBe('us-east-1');
      expect(only(split.json, 'aws_s3_bucket').provider).toBe('aws.agents_region');
      expect(codeObjects(split.json).agent.provider).toBe('aws.agents_region');
      expect(codeObjects(split.json).config.provider).toBe('aws.agents_region');
      expect(only(split.json, 'aws_cloudformation_stack_set_instance').region).toBe('us-east-1');
    } finally {
      split.cleanup();
    }
  });

  it('keeps its state in the backend the config names', () => {
    expect(synth.json.terraform.backend.local.path).toBe('../../../terraform.ct-anomaly.tfstate');
    const remote = synthesize(
      testConfig({ state: { s3: { bucket: 'tf-state', region: 'eu-west-1', dynamodbTable: 'locks' } } }),
    );
    try {
      expect(remote.json.terraform.backend.s3).toMatchObject({
        bucket: 'tf-state',
        key: 'ct-anomaly/terraform.tfstate',
        dynamodb_table: 'locks',
        encrypt: true,
      });
    } finally {
      remote.cleanup();
    }
  });

  it('asks for `npm run build` when a bundle is missing', () => {
    expect(() => bundlesIn(join(synth.dir, 'nowhere'))).toThrow(
      /missing Lambda bundle\(s\).*run `npm run build` first/,
    );
  });
});
