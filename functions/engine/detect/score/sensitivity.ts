/**
 * How sensitive an action is, 0-10: what the verb does (read, write, destroy), which area it touches
 * (identity and security services rank highest), whether it reads secrets, and what TrailDiscover
 * knows about its use in real intrusions. Config overrides win.
 * @module
 */
import type { ScoringConfig } from '../../config/index.js';
import { globMatcher } from '../../config/index.js';
import { TACTICS, TRAILDISCOVER_ROWS } from './traildiscover-catalog.js';

/** What an action does. */
export const Verb = { Read: 'read', Write: 'write', Destructive: 'destructive' } as const;
export type Verb = (typeof Verb)[keyof typeof Verb];

/** TrailDiscover's knowledge of one action. */
export interface CatalogEntry {
  tactics: string[];
  usedInWild: boolean;
  incidents: number;
}

/** The sensitivity of one action and the facts behind it. */
export interface Sensitivity {
  action: string;
  /** 0 (harmless) to 10 (as sensitive as it gets). */
  score: number;
  verb: Verb;
  /** Words for the area, e.g. "identity (IAM)", or null for ordinary services. */
  area: string | null;
  secretRead: boolean;
  /** A high-volume data-plane call (object reads/writes, log and metric writes, queue messages). */
  dataPlane: boolean;
  catalog: CatalogEntry | null;
  /** The config glob that set the score, when one did. */
  override: string | null;
}

const CATALOG = new Map<string, CatalogEntry>(
  TRAILDISCOVER_ROWS.map(([source, name, tactics, wild, incidents]) => [
    `${source}:${name}`,
    {
      tactics: tactics === '' ? [] : tactics.split('|').map((t) => TACTICS[t] ?? t),
      usedInWild: wild === 1,
      incidents,
    },
  ]),
);

const AREAS: Record<string, [string, number]> = {
  iam: ['IAM', 3],
  sts: ['STS (temporary credentials)', 2],
  sso: ['IAM Identity Center', 3],
  'sso-directory': ['IAM Identity Center', 3],
  identitystore: ['Identity Store', 3],
  signin: ['sign-in', 3],
  kms: ['KMS (encryption keys)', 3],
  organizations: ['AWS Organizations', 3],
  account: ['Account Management', 3],
  cloudtrail: ['CloudTrail (audit logging)', 3],
  config: ['AWS Config', 3],
  guardduty: ['GuardDuty (threat detection)', 3],
  securityhub: ['Security Hub', 3],
  'access-analyzer': ['IAM Access Analyzer', 3],
  secretsmanager: ['Secrets Manager', 3],
  macie2: ['Macie', 3],
  detective: ['Detective', 3],
  inspector2: ['Inspector', 3],
  rolesanywhere: ['IAM Roles Anywhere', 3],
  logs: ['CloudWatch Logs', 2],
  ssm: ['Systems Manager', 2],
  ec2: ['EC2', 1.5],
  s3: ['S3', 1.5],
  lambda: ['Lambda', 1.5],
  rds: ['RDS', 1.5],
  ecr: ['ECR', 1.5],
  eks: ['EKS', 1.5],
  ecs: ['ECS', 1.5],
  cloudformation: ['CloudFormation', 1.5],
  route53: ['Route 53', 1.5],
  route53resolver: ['Route 53 Resolver', 2],
  backup: ['AWS Backup', 2],
  dynamodb: ['DynamoDB', 1.5],
  ses: ['SES (email)', 1.5],
  bedrock: ['Bedrock', 1.5],
  sagemaker: ['SageMaker', 1.5],
  glue: ['Glue', 1],
  ram: ['RAM (resource sharing)', 2],
  'ec2-instance-connect': ['EC2 Instance Connect', 2],
};

const SECRET_READS = new Set([
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
  'ec2:GetPasswordData',
  'lambda:GetFunction',
  'iam:GetAccountAuthorizationDetails',
  'sts:GetFederationToken',
  'sts:GetSessionToken',
  'ecr:GetAuthorizationToken',
  'ec2:GetConsoleScreenshot',
  'ec2:GetConsoleOutput',
  'ec2:DescribeInstanceAttribute',
  'rds:DownloadDBLogFilePortion',
  'signin:GetSigninToken',
  'cognito-idp:AdminInitiateAuth',
  'iam:GetCredentialReport',
]);

const DATA_PLANE = new Set([
  's3:GetObject',
  's3:PutObject',
  's3:HeadObject',
  's3:CopyObject',
  's3:UploadPart',
  's3:CreateMultipartUpload',
  's3:CompleteMultipartUpload',
  'logs:PutLogEvents',
  'logs:CreateLogStream',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
  'dynamodb:BatchWriteItem',
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'kinesis:PutRecord',
  'kinesis:PutRecords',
  'sns:Publish',
  'kms:GenerateDataKey',
  'kms:Encrypt',
  'xray:PutTraceSegments',
  'monitoring:PutMetricData',
  'firehose:PutRecordBatch',
]);

const READ =
  /^(Get|List|Describe|Head|Lookup|Search|Check|Validate|BatchGet|Query|Scan|Estimate|Preview|Simulate|View|Select|Test|Filter|Discover|Assume)/;
const DESTRUCTIVE =
  /^(Delete|Disable|Stop|Remove|Detach|Revoke|Deregister|Terminate|ScheduleKeyDeletion|Purge|Leave|Disassociate|Deactivate|Suspend|Cancel|Reject)/;

/** The verb class of an event name. */
export function verbOf(eventName: string): Verb {
  if (DESTRUCTIVE.test(eventName)) return Verb.Destructive;
  return READ.test(eventName) ? Verb.Read : Verb.Write;
}

/** `iam.amazonaws.com:CreateUser` -> `['iam', 'CreateUser']`. */
function split(action: string): [string, string] {
  const i = action.indexOf(':');
  const source = i < 0 ? action : action.slice(0, i);
  return [source.replace(/\.amazonaws\.com$/, ''), i < 0 ? '' : action.slice(i + 1)];
}

const TACTIC_WEIGHT: Record<string, number> = {
  Impact: 1,
  'Defense Evasion': 1,
  Persistence: 1,
  'Privilege Escalation': 1,
  'Credential Access': 1,
  Exfiltration: 1,
  'Initial Access': 0.5,
  'Lateral Movement': 0.5,
  Collection: 0.5,
};

function overrideOf(action: string, config: ScoringConfig): [string, number] | null {
  const hits = Object.entries(config.sensitivity).filter(([glob]) =>
    globMatcher(glob.includes('.') || !glob.includes(':') ? glob : glob.replace(/^([^:]+):/, '$1.amazonaws.com:'))(
      action,
    ),
  );
  hits.sort((a, b) => b[0].length - a[0].length);
  return hits[0] ?? null;
}

/** The TrailDiscover entry of an action, if it is one of the 380 security-relevant events. */
export function catalogEntry(action: string): CatalogEntry | null {
  return CATALOG.get(action) ?? null;
}

/** Scores an action `eventSource:eventName` (0-10) and says why. */
export function sensitivityOf(action: string, config: ScoringConfig): Sensitivity {
  const [service, name] = split(action);
  const verb = verbOf(name);
  const [areaWords, areaBonus] = AREAS[service] ?? [null, 0];
  const secretRead = SECRET_READS.has(`${service}:${name}`);
  const dataPlane = DATA_PLANE.has(`${service}:${name}`);
  const catalog = catalogEntry(action);
  const override = overrideOf(action, config);
  if (override !== null)
    return { action, score: override[1], verb, area: areaWords, secretRead, dataPlane, catalog, override: override[0] };
  let score = verb === Verb.Read ? (secretRead ? 5 : 0.5) : verb === Verb.Write ? 3.5 : 4.5;
  score += verb === Verb.Read && !secretRead ? areaBonus / 2 : areaBonus;
  if (catalog !== null) {
    score += 0.5 + (catalog.usedInWild ? 1.5 : 0) + (catalog.incidents >= 3 ? 0.5 : 0);
    score += Math.min(1, Math.max(0, ...catalog.tactics.map((t) => TACTIC_WEIGHT[t] ?? 0)));
  }
  if (dataPlane) score -= 2.5;
  return {
    action,
    score: Math.round(Math.min(10, Math.max(0, score)) * 10) / 10,
    verb,
    area: areaWords,
    secretRead,
    dataPlane,
    catalog,
    override: null,
  };
}

/** One phrase for a reason line: "a write action in identity (IAM), used in real intrusions (TrailDiscover: persistence)". */
export function describeSensitivity(s: Sensitivity): string {
  const kind = s.secretRead ? 'a read that returns secrets' : `a ${s.verb} action`;
  const area = s.area ? ` in ${s.area}` : '';
  const tactics = s.catalog?.tactics.length ? s.catalog.tactics.join(', ').toLowerCase() : '';
  const known =
    s.catalog === null
      ? ''
      : s.catalog.usedInWild
        ? `, used in real intrusions (TrailDiscover${tactics ? `: ${tactics}` : ''})`
        : `, listed as security-relevant by TrailDiscover${tactics ? ` (${tactics})` : ''}`;
  const data = s.dataPlane ? ', a high-volume data-plane call' : '';
  const override = s.override ? ` (sensitivity ${s.score} set by config "${s.override}")` : '';
  return `${kind}${area}${known}${data}${override}`;
}
