import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, SIBLING_ACCOUNT, event } from '../../case-builder.js';
import { organizationBasis, outsideAccounts } from '../../context.js';
import { text } from '../../fields.js';
import { clause, isEvent, named, reqText } from '../../matchers.js';
import type { RecordRule, RuleContext } from '../../types.js';

const PERMISSION_EVENTS = ['AddPermission20150331', 'AddPermission20150331v2', 'AddPermission'];
const URL_EVENTS = [
  'CreateFunctionUrlConfig20211031',
  'UpdateFunctionUrlConfig20211031',
  'CreateFunctionUrlConfig',
  'UpdateFunctionUrlConfig',
];

/** Request keys that confine a grant to one source, account or organization. */
const CONFINING = ['sourceArn', 'sourceAccount', 'principalOrgID'];

interface Exposure {
  kind: 'everyone' | 'account' | 'url' | null;
  accounts: string[];
}

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

function exposure(r: CloudTrailRecord, ctx: RuleContext): Exposure {
  if (isEvent(r, 'lambda', ...URL_EVENTS)) {
    return { kind: (reqText(r, 'authType') ?? '').toUpperCase() === 'NONE' ? 'url' : null, accounts: [] };
  }
  if (!isEvent(r, 'lambda', ...PERMISSION_EVENTS)) return { kind: null, accounts: [] };
  const principal = text(r.requestParameters, 'principal') ?? '';
  const confined = CONFINING.some((k) => text(r.requestParameters, k) !== undefined);
  if (principal === '*') {
    // A public function URL (lambda:InvokeFunctionUrl with auth type NONE) is "*" by design, and so is the
    // usual grant to a service with a source ARN; only an unconfined "*" opens the function to everyone.
    return { kind: confined ? null : 'everyone', accounts: [] };
  }
  const account = accountOf(principal);
  const outside = account === undefined || confined ? [] : outsideAccounts([account], r, ctx);
  return { kind: outside.length > 0 ? 'account' : null, accounts: outside };
}

const fn = (r: CloudTrailRecord): string | undefined => {
  const name = reqText(r, 'functionName');
  return name?.split(':function:').pop()?.split(':')[0] ?? name;
};

/** A Lambda function anyone (or an account outside the organization) can invoke: a backdoor through its resource policy. */
export const functionMadePublic: RecordRule = {
  id: 'aws.lambda.function-made-public',
  title: 'Lambda function made invocable from outside',
  description:
    'AddPermission (CloudTrail: AddPermission20150331 / AddPermission20150331v2) granting Principal "*" without a sourceArn, sourceAccount or principalOrgID condition (anyone can invoke the function: critical), or granting an account outside the organization (high; every other account when the organization is unknown); or a function URL created or updated with AuthType NONE (public HTTPS endpoint: high). Grants to AWS service principals (s3, events, apigateway, ...) are ignored. The function keeps running with its own role, so whoever can invoke it borrows that role (Stratus: aws.persistence.lambda-backdoor-function).',
  severity: 'high',
  mitre: { tactic: 'TA0003 Persistence', technique: 'T1546 Event Triggered Execution' },
  runbook:
    "Remove the statement (RemovePermission with the statementId in the context) or the function URL, then check the function's recent invocations and what its role can reach.",
  prefilter: [clause('lambda', ...PERMISSION_EVENTS, ...URL_EVENTS)],
  match: (r, ctx) => exposure(r, ctx).kind !== null,
  titleOf: (r, ctx) => {
    const e = exposure(r, ctx);
    const name = named(fn(r));
    if (e.kind === 'url') return `Lambda function${name} given a public function URL (AuthType NONE)`;
    return e.kind === 'everyone'
      ? `Lambda function${name} invocable by anyone`
      : `Lambda function${name} invocable from account ${e.accounts.join(', ')}`;
  },
  severityOf: (r, ctx) => (exposure(r, ctx).kind === 'everyone' ? 'critical' : 'high'),
  context: (r, ctx) => ({
    function: fn(r) ?? null,
    statementId: reqText(r, 'statementId') ?? null,
    action: reqText(r, 'action') ?? null,
    ...exposure(r, ctx),
    ...organizationBasis(ctx),
  }),
  cases: [
    {
      name: 'flags invoke permission for "*" (Stratus detonation shape)',
      expect: true,
      record: event('lambda', 'AddPermission20150331v2', {
        request: {
          action: 'lambda:InvokeFunction',
          functionName: 'stratus-red-team-backdoor-f-func',
          principal: '*',
          statementId: 'backdoor',
        },
        response: {
          statement:
            '{"Sid":"backdoor","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111122223333:function:stratus-red-team-backdoor-f-func"}',
        },
      }),
    },
    {
      name: 'flags a grant to an external account',
      expect: true,
      record: event('lambda', 'AddPermission20150331v2', {
        request: {
          action: 'lambda:InvokeFunction',
          functionName: 'billing',
          principal: `arn:aws:iam::${FOREIGN_ACCOUNT}:root`,
          statementId: 'x',
        },
      }),
    },
    {
      name: 'flags a public function URL',
      expect: true,
      record: event('lambda', 'CreateFunctionUrlConfig20211031', {
        request: { functionName: 'billing', authType: 'NONE' },
      }),
    },
    {
      name: 'ignores a grant to S3 for one bucket',
      expect: false,
      record: event('lambda', 'AddPermission20150331v2', {
        request: {
          action: 'lambda:InvokeFunction',
          functionName: 'thumbs',
          principal: 's3.amazonaws.com',
          sourceArn: 'arn:aws:s3:::uploads',
          sourceAccount: CASE_ACCOUNT,
          statementId: 's3',
        },
      }),
    },
    {
      name: 'ignores "*" confined by a source ARN',
      expect: false,
      record: event('lambda', 'AddPermission20150331v2', {
        request: {
          action: 'lambda:InvokeFunction',
          functionName: 'x',
          principal: '*',
          sourceArn: 'arn:aws:execute-api:us-east-1:111122223333:abc/*',
        },
      }),
    },
    {
      name: 'ignores a grant to an organization account',
      expect: false,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      record: event('lambda', 'AddPermission20150331v2', {
        request: { action: 'lambda:InvokeFunction', functionName: 'x', principal: SIBLING_ACCOUNT },
      }),
    },
    {
      name: 'ignores a function URL with IAM auth',
      expect: false,
      record: event('lambda', 'CreateFunctionUrlConfig20211031', {
        request: { functionName: 'billing', authType: 'AWS_IAM' },
      }),
    },
    {
      name: 'ignores a denied attempt (TrailDiscover shape)',
      expect: false,
      record: event('lambda', 'AddPermission20150331v2', { error: 'AccessDenied' }),
    },
  ],
};
