/**
 * Synthesizes the real app into a temporary folder, from the example config (with overrides) and
 * small stand-in bundles, and returns the Terraform JSON the way `cdktf deploy` would see it.
 * @module
 */
import { renderDeployedConfig } from '../../../functions/pipeline/deployed-config.js';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { buildApp } from '../../../infra/app.js';
import { type DeployConfig, type LogArchivePolicies, parseDeployConfig } from '../../../infra/config/index.js';
import { zipFiles } from '../../../scripts/build.js';
import { makeTempDir } from '../../support/temp-dir.js';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** The committed example config, parsed (not validated). */
export function exampleConfigObject(): Record<string, unknown> {
  return parse(readFileSync(join(ROOT, 'ct-anomaly.config.example.yaml'), 'utf8')) as Record<string, unknown>;
}

type Overrides = { [key: string]: unknown };

/** Deep-merges plain objects; arrays and scalars replace. */
export function merge(base: Overrides, overrides: Overrides): Overrides {
  const out: Overrides = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current)
        ? merge(current as Overrides, value as Overrides)
        : value;
  }
  return out;
}

/** The example config with overrides, validated. */
export function testConfig(overrides: Overrides = {}): DeployConfig {
  return parseDeployConfig(merge(exampleConfigObject(), overrides), 'test config');
}

/** A synthesized stack: its folder and its parsed `cdk.tf.json`. */
export interface Synthesized {
  dir: string;
  stackDir: string;
  json: TfJson;
  config: DeployConfig;
  /** Removes the folder now; it is removed after the test file's last test anyway. */
  cleanup(): void;
}

/** Loose shape of Terraform JSON. */
export interface TfJson {
  resource: Record<string, Record<string, Record<string, any>>>;
  data: Record<string, Record<string, Record<string, any>>>;
  output: Record<string, { value: unknown; description?: string }>;
  provider: { aws: Array<Record<string, any>> };
  terraform: Record<string, any>;
}

/** Writes three tiny bundle zips whose contents differ by `seed`. */
export function fakeBundles(dir: string, seed = 'v1'): { detector: string; aggregator: string; monitor: string } {
  mkdirSync(dir, { recursive: true });
  const out = {} as { detector: string; aggregator: string; monitor: string };
  for (const name of ['detector', 'aggregator', 'monitor'] as const) {
    const path = join(dir, `${name}.zip`);
    writeFileSync(
      path,
      zipFiles([{ name: 'index.mjs', data: Buffer.from(`export const handler = async () => '${name} ${seed}';\n`) }]),
    );
    out[name] = path;
  }
  return out;
}

/** Synthesizes the app for a config. */
export function synthesize(
  config: DeployConfig = testConfig(),
  seed = 'v1',
  detectionText = '{}',
  logArchivePolicies?: LogArchivePolicies,
): Synthesized {
  const dir = makeTempDir('ct-anomaly-synth-');
  const bundles = fakeBundles(join(dir, 'dist'), seed);
  const detection = { text: renderDeployedConfig(detectionText, 'detection.yaml'), source: 'detection.yaml' };
  const { app, stackName } = buildApp({
    config,
    detection,
    bundles,
    outdir: join(dir, 'cdktf.out'),
    ...(logArchivePolicies ? { logArchivePolicies } : {}),
  });
  app.synth();
  const stackDir = join(dir, 'cdktf.out', 'stacks', stackName);
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as TfJson;
  return { dir, stackDir, json, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** All resources of a type, as [name, body]. */
export function resourcesOf(json: TfJson, type: string): Array<[string, Record<string, any>]> {
  return Object.entries(json.resource[type] ?? {});
}

/** The only resource of a type. */
export function only(json: TfJson, type: string): Record<string, any> {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]![1];
}

/** `${data.aws_iam_policy_document.NAME.json}` -> the statements of that document. */
export function policyStatements(json: TfJson, reference: string): Array<Record<string, any>> {
  const match = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference);
  if (!match) throw new Error(`not a policy document reference: ${reference}`);
  const doc = json.data.aws_iam_policy_document?.[match[1]!];
  if (!doc) throw new Error(`no policy document ${match[1]}`);
  return doc.statement as Array<Record<string, any>>;
}

/** `${aws_x.NAME.attr}` -> NAME (resource address part). */
export function referencedName(reference: string, type: string): string | undefined {
  return new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`).exec(reference)?.[1];
}

/** Undoes the Terraform escaping of a literal (`$${` -> `${`, `%%{` -> `%{`). */
export function unescapeTerraform(text: string): string {
  return text.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

/** The main StackSet (every target account but a canary's). */
export function mainStackSet(json: TfJson): Record<string, any> {
  const sets = resourcesOf(json, 'aws_cloudformation_stack_set').filter(([, s]) => !String(s.name).endsWith('-canary'));
  if (sets.length !== 1) throw new Error(`expected one main StackSet, found ${sets.length}`);
  return sets[0]![1];
}

/** The member template exactly as the (main) StackSet receives it. */
export function memberTemplateOf(json: TfJson): Record<string, any> {
  return JSON.parse(unescapeTerraform(mainStackSet(json).template_body as string)) as Record<string, any>;
}

/**
 * Evaluates the CloudFormation intrinsics the member template uses, as CloudFormation would in
 * one account: `Ref`/`Fn::GetAtt` to names from `refs`, `Fn::Join`, `Fn::Sub` with pseudo parameters.
 */
export function evaluateCfn(value: unknown, refs: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluateCfn(v, refs));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [fn, arg] = entries[0]!;
    if (fn === 'Ref') return refs[arg as string] ?? `<${arg as string}>`;
    if (fn === 'Fn::GetAtt') return refs[(arg as string[]).join('.')] ?? `<${(arg as string[]).join('.')}>`;
    if (fn === 'Fn::Join') {
      const [sep, parts] = arg as [string, unknown[]];
      return parts.map((p) => evaluateCfn(p, refs)).join(sep);
    }
    if (fn === 'Fn::FindInMap') {
      const [map, key, attribute] = arg as [string, unknown, string];
      return (refs[`${map}.${String(evaluateCfn(key, refs))}.${attribute}`] ?? `<${map}.${attribute}>`) as string;
    }
    if (fn === 'Fn::Sub')
      return (arg as string)
        .replace(/\$\{([^!}][^}]*)\}/g, (_, name: string) => refs[name] ?? `<${name}>`)
        .replace(/\$\{!/g, '${');
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, evaluateCfn(v, refs)]));
}

/** The trail bucket's policy as an organization trail writes it (what `aws s3api get-bucket-policy` returns). */
export const TRAIL_BUCKET_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: 'arn:aws:s3:::aws-controltower-logs-333333333333-eu-west-1',
    },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::aws-controltower-logs-333333333333-eu-west-1/o-a1b2c3d4e5/AWSLogs/*',
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ],
});

/** The trail key's policy: the account administers it, CloudTrail encrypts with it. */
export const TRAIL_KEY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EnableIamPolicies',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::333333333333:root' },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'CloudTrailEncrypts',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
    },
  ],
});

/** Every fleet option on: two agent regions, a canary, a pinned rollback, guard rails, log-archive policies. */
export function fleetConfig(overrides: Overrides = {}): DeployConfig {
  return testConfig(
    merge(
      {
        agents: {
          homeRegion: 'eu-west-1',
          regions: { 'eu-west-1': ['eu-west-1', 'eu-central-1'], 'us-east-1': ['us-east-1', 'us-east-2', 'us-west-2'] },
        },
        organization: { targetOuIds: ['ou-a1b2-canary01', 'ou-a1b2-workload1'] },
        stackSet: { canary: { organizationalUnitIds: ['ou-a1b2-canary01'] } },
        guardRails: { serviceControlPolicy: true, stackChangeAlerts: true },
        logArchive: {
          accountId: '333333333333',
          region: 'eu-west-1',
          deployRoleArn: 'arn:aws:iam::333333333333:role/ct-anomaly-deploy',
          bucketPolicyFile: 'log-archive-bucket-policy.json',
          keyPolicyFile: 'log-archive-key-policy.json',
        },
      },
      overrides,
    ),
  );
}
