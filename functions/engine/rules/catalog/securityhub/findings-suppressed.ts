import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { findKey, list, text } from '../../fields.js';
import { thresholdsOf } from '../../context.js';
import { clause, isEvent, req, res } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule, RuleContext } from '../../types.js';

/** Workflow statuses that take findings off the analysts' queue. */
const HIDING = ['SUPPRESSED', 'RESOLVED'];

const statusIn = (value: unknown, wanted: readonly string[]): string | undefined => {
  const found = [
    ...findKey(value, 'Workflow').map((w) => text(w, 'Status')),
    ...findKey(value, 'WorkflowStatus').map((s) => (typeof s === 'string' ? s : undefined)),
  ].map((s) => s?.toUpperCase());
  return wanted.find((w) => found.includes(w));
};

/**
 * Findings a BatchUpdateFindings call really changed: the response's processedFindings when logged,
 * else the requested identifiers minus the unprocessedFindings (a partial result is a success for
 * the findings it processed, and nothing for the rest).
 */
function changedFindings(r: CloudTrailRecord): number {
  const processed = res(r, 'processedFindings');
  if (Array.isArray(processed)) return processed.length;
  const requested = list(req(r, 'FindingIdentifiers')).length;
  return Math.max(0, requested - list(res(r, 'unprocessedFindings')).length);
}

const bulkStatus = (r: CloudTrailRecord): string | undefined => statusIn(r.requestParameters, HIDING);

function matches(r: CloudTrailRecord, ctx: RuleContext): boolean {
  if (isEvent(r, 'securityhub', 'BatchUpdateFindings')) {
    return bulkStatus(r) !== undefined && changedFindings(r) >= thresholdsOf(ctx).bulkSuppressedFindings;
  }
  if (isEvent(r, 'securityhub', 'CreateAutomationRule', 'UpdateAutomationRules', 'BatchUpdateAutomationRules')) {
    const statuses = findKey(r.requestParameters, 'RuleStatus');
    const disabled = statuses.length > 0 && statuses.every((s) => s === 'DISABLED');
    return !disabled && statusIn(r.requestParameters, ['SUPPRESSED']) !== undefined;
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
    "BatchUpdateFindings setting Workflow.Status to SUPPRESSED (medium) or RESOLVED (low: teams also close findings in bulk after a fix) on at least `rules.thresholds.bulkSuppressedFindings` findings (default 5) that the call really changed (the response's processedFindings; unprocessedFindings do not count), or an enabled automation rule (CreateAutomationRule / UpdateAutomationRules / BatchUpdateAutomationRules) whose action suppresses matching findings (high: it hides future findings too). CloudTrail does not say which findings or how severe they were: look them up by id.",
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
      ? `${changedFindings(r)} Security Hub findings ${bulkStatus(r) === 'RESOLVED' ? 'resolved' : 'suppressed'} in one call`
      : `Security Hub automation rule suppresses findings (${r.eventName})`,
  severityOf: (r) => (r.eventName !== 'BatchUpdateFindings' ? 'high' : bulkStatus(r) === 'RESOLVED' ? 'low' : 'medium'),
  context: (r) => ({
    findings: r.eventName === 'BatchUpdateFindings' ? changedFindings(r) : null,
    status: bulkStatus(r) ?? null,
  }),
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
      name: 'flags bulk resolution (low)',
      expect: true,
      record: event('securityhub', 'BatchUpdateFindings', {
        request: { FindingIdentifiers: ids(20), Workflow: { Status: 'RESOLVED' } },
        response: { processedFindings: ids(20), unprocessedFindings: [] },
      }),
    },
    {
      name: 'ignores a bulk suppression that AWS processed for only 2 findings',
      expect: false,
      record: event('securityhub', 'BatchUpdateFindings', {
        request: { FindingIdentifiers: ids(6), Workflow: { Status: 'SUPPRESSED' } },
        response: {
          processedFindings: ids(2),
          unprocessedFindings: ids(4).map((f) => ({ FindingIdentifier: f, ErrorCode: 'FindingNotFound' })),
        },
      }),
    },
    {
      name: 'counts the processed part when only unprocessedFindings are logged',
      expect: true,
      record: event('securityhub', 'BatchUpdateFindings', {
        request: { FindingIdentifiers: ids(8), Workflow: { Status: 'SUPPRESSED' } },
        response: { unprocessedFindings: ids(1).map((f) => ({ FindingIdentifier: f, ErrorCode: 'Throttled' })) },
      }),
    },
    {
      name: 'ignores bulk notes and severity changes',
      expect: false,
      record: event('securityhub', 'BatchUpdateFindings', {
        request: {
          FindingIdentifiers: ids(20),
          Note: { Text: 'triaged', UpdatedBy: 'soc' },
          Severity: { Label: 'LOW' },
        },
      }),
    },
    {
      name: 'ignores a denied bulk suppression',
      expect: false,
      record: event('securityhub', 'BatchUpdateFindings', {
        error: 'AccessDeniedException',
        request: { FindingIdentifiers: ids(20), Workflow: { Status: 'SUPPRESSED' } },
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
