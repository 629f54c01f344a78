import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import type { Severity } from '../../../findings/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, SIBLING_ACCOUNT, event } from '../../case-builder.js';
import { organizationBasis, outsideAccounts } from '../../context.js';
import { clause, isEvent, req, reqText } from '../../matchers.js';
import { creatorOf } from '../../creator.js';
import { MITRE } from '../../mitre.js';
import { isRestricted, parsePolicy, statementsOf } from '../../policy.js';
import type { RecordRule, RuleContext } from '../../types.js';

interface Opening {
  everyone: boolean;
  outside: string[];
  externalId: boolean;
}

const assumes = (actions: string[]): boolean =>
  actions.length === 0 ||
  actions.some((a) => /^(\*|sts:\*|sts:assumerole.*|sts:tagsession|sts:setsourceidentity)$/i.test(a.trim()));

function opening(r: CloudTrailRecord, ctx: RuleContext): Opening {
  const doc = parsePolicy(req(r, r.eventName === 'CreateRole' ? 'assumeRolePolicyDocument' : 'policyDocument'));
  const out: Opening = { everyone: false, outside: [], externalId: true };
  let any = false;
  for (const s of statementsOf(doc)) {
    if (s.effect !== 'Allow' || !assumes(s.actions)) continue;
    const outside = outsideAccounts(s.principals.accounts, r, ctx);
    const everyone = s.principals.everyone && !isRestricted(s);
    if (!everyone && (outside.length === 0 || s.conditionKeys.includes('aws:principalorgid'))) continue;
    any = true;
    out.everyone ||= everyone;
    out.outside.push(...outside);
    out.externalId &&= s.conditionKeys.includes('sts:externalid');
  }
  return { ...out, outside: [...new Set(out.outside)], externalId: any && out.externalId };
}

const opened = (o: Opening): boolean => o.everyone || o.outside.length > 0;
const role = (r: CloudTrailRecord): string => reqText(r, 'roleName') ?? '(unknown)';

function severity(o: Opening): Severity {
  if (o.everyone) return 'critical';
  return o.externalId ? 'medium' : 'high';
}

const trust = (principal: unknown, condition?: unknown): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });

/** A role's trust policy lets another account, or anyone, assume it. */
export const trustPolicyOpened: RecordRule = {
  id: 'aws.iam.trust-policy-opened',
  title: 'Role trust policy opened to another account',
  description:
    'UpdateAssumeRolePolicy, or CreateRole, whose trust policy allows sts:AssumeRole by Principal "*" (without an organization or account condition: critical) or by an account outside the organization (high; medium when the statement requires sts:ExternalId, the usual third-party vendor pattern). Service and federated principals are ignored.',
  severity: 'high',
  mitre: MITRE.additionalRoles,
  runbook:
    'Check whether the trusted account is a known vendor; if not, restore the trust policy and look for AssumeRole calls from that account.',
  prefilter: [clause('iam', 'UpdateAssumeRolePolicy', 'CreateRole')],
  match: (r, ctx) => isEvent(r, 'iam', 'UpdateAssumeRolePolicy', 'CreateRole') && opened(opening(r, ctx)),
  titleOf: (r, ctx) => {
    const o = opening(r, ctx);
    return o.everyone
      ? `Role ${role(r)} can be assumed by anyone`
      : `Role ${role(r)} can be assumed from account ${o.outside.join(', ')}`;
  },
  severityOf: (r, ctx) => severity(opening(r, ctx)),
  context: (r, ctx) => ({
    role: role(r),
    ...opening(r, ctx),
    ...organizationBasis(ctx),
    createdBy: creatorOf(r).createdBy,
  }),
  cases: [
    {
      name: 'flags a backdoored role (Stratus detonation shape)',
      expect: true,
      record: event('iam', 'UpdateAssumeRolePolicy', {
        request: {
          roleName: 'app',
          policyDocument: JSON.stringify(
            {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
                {
                  Effect: 'Allow',
                  Principal: { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` },
                  Action: 'sts:AssumeRole',
                },
              ],
            },
            null,
            2,
          ),
        },
      }),
    },
    {
      name: 'flags a new role trusting everyone',
      expect: true,
      record: event('iam', 'CreateRole', {
        request: { roleName: 'open', assumeRolePolicyDocument: trust({ AWS: '*' }) },
      }),
    },
    {
      name: 'flags a vendor role with an external id (medium)',
      expect: true,
      record: event('iam', 'CreateRole', {
        request: {
          roleName: 'vendor',
          assumeRolePolicyDocument: trust({ AWS: FOREIGN_ACCOUNT }, { StringEquals: { 'sts:ExternalId': 'x1' } }),
        },
      }),
    },
    {
      name: 'ignores a service trust',
      expect: false,
      record: event('iam', 'CreateRole', {
        request: { roleName: 'lambda', assumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) },
      }),
    },
    {
      name: 'ignores trust in the same account',
      expect: false,
      record: event('iam', 'UpdateAssumeRolePolicy', {
        request: { roleName: 'app', policyDocument: trust({ AWS: `arn:aws:iam::${CASE_ACCOUNT}:role/ci` }) },
      }),
    },
    {
      name: 'ignores trust in an organization account',
      expect: false,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      record: event('iam', 'UpdateAssumeRolePolicy', {
        request: { roleName: 'app', policyDocument: trust({ AWS: `arn:aws:iam::${SIBLING_ACCOUNT}:root` }) },
      }),
    },
    {
      name: 'ignores "*" confined to the organization',
      expect: false,
      record: event('iam', 'UpdateAssumeRolePolicy', {
        request: {
          roleName: 'app',
          policyDocument: trust({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }),
        },
      }),
    },
  ],
};
