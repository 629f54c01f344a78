import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { findKey, list, text } from '../../fields.js';
import { thresholdsOf } from '../../context.js';
import { clause, isEvent, req } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule, RuleContext } from '../../types.js';

const suppresses = (value: unknown): boolean =>
  findKey(value, 'Workflow').some((w) => text(w, 'Status')?.toUpperCase() === 'SUPPRESSED') ||
  findKey(value, 'WorkflowStatus').some((s) => typeof s === 'string' && s.toUpperCase() === 'SUPPRESSED');

const findingCount = (r: CloudTrailRecord): number => list(req(r, 'FindingIdentifiers')).length;

function matches(r: CloudTrailRecord, ctx: RuleContext): boolean {
  if (isEvent(r, 'securityhub', 'BatchUpdateFindings')) {
    return suppresses(r.requestParameters) && findingCount(r) >= thresholdsOf(ctx).bulkSuppressedFindings;
  }
  if (isEvent(r, 'securityhub', 'CreateAutomationRule', 'UpdateAutomationRules', 'BatchUpdateAutomationRules')) {
    const disabled =
      findKey(r.requestParameters, 'RuleStatus').every((s) => s === 'DISABLED') &&
      findKey(r.requestParameters, 'RuleStatus').length > 0;
    return !disabled && suppresses(r.requestParameters);
  }
  return false;
}

const ids = (n: number): Array<{ Id: string; ProductArn: string }> =>
  Array.from({ length: n }, (_, i) => ({
    Id: `arn:aws:securityhub:us-east-1:111122223333:finding/${i}`,
    ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty',
  }));

/** Findings silenced in bulk, or an automation rule that silences future findings. */
export const findingsSuppressed: RecordRule = {
  id: 'aws.securityhub.findings-suppressed',
  title: 'Security Hub findings suppressed in bulk',
  description:
    'BatchUpdateFindings setting Workflow.Status to SUPPRESSED on at least `rules.thresholds.bulkSuppressedFindings` findings (default 5) in one call, or an enabled automation rule (CreateAutomationRule / UpdateAutomationRules) whose action suppresses matching findings. CloudTrail does not say which findings or how severe they were: look them up by id.',
  severity: 'medium',
  mitre: MITRE.disableTools,
  runbook:
    "List the suppressed findings (GetFindings by the ids in the request) and check whether any describes this caller's own activity; delete unexpected automation rules.",
  prefilter: [
    clause(
      'securityhub',
      'BatchUpdateFindings',
      'CreateAutomationRule',
      'UpdateAutomationRules',
      'BatchUpdateAutomationRules',
    ),
  ],
  match: matches,
  titleOf: (r) =>
    r.eventName === 'BatchUpdateFindings'
      ? `${findingCount(r)} Security Hub findings suppressed in one call`
      : `Security Hub automation rule suppresses findings (${r.eventName})`,
  severityOf: (r) => (r.eventName === 'BatchUpdateFindings' ? 'medium' : 'high'),
  context: (r) => ({ findings: findingCount(r) }),
  cases: [
    {
      name: 'flags 6 findings suppressed in one call',
      expect: true,
      record: event('securityhub', 'BatchUpdateFindings', {
        request: { FindingIdentifiers: ids(6), Workflow: { Status: 'SUPPRESSED' } },
      }),
    },
    {
      name: 'flags an automation rule that suppresses',
      expect: true,
      record: event('securityhub', 'CreateAutomationRule', {
        request: {
          RuleName: 'quiet',
          RuleStatus: 'ENABLED',
          Actions: [{ Type: 'FINDING_FIELDS_UPDATE', FindingFieldsUpdate: { Workflow: { Status: 'SUPPRESSED' } } }],
        },
      }),
    },
    {
      name: 'ignores one finding suppressed by an analyst',
      expect: false,
      record: event('securityhub', 'BatchUpdateFindings', {
        request: { FindingIdentifiers: ids(1), Workflow: { Status: 'SUPPRESSED' } },
      }),
    },
    {
      name: 'ignores bulk resolution',
      expect: false,
      record: event('securityhub', 'BatchUpdateFindings', {
        request: { FindingIdentifiers: ids(20), Workflow: { Status: 'RESOLVED' } },
      }),
    },
    {
      name: 'ignores a disabled automation rule',
      expect: false,
      record: event('securityhub', 'CreateAutomationRule', {
        request: { RuleStatus: 'DISABLED', Actions: [{ FindingFieldsUpdate: { Workflow: { Status: 'SUPPRESSED' } } }] },
      }),
    },
  ],
};
