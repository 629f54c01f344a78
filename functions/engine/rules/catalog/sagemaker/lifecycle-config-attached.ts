import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { flag, text } from '../../fields.js';
import { clause, isEvent, named, req } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

const notebook = (r: CloudTrailRecord): string | undefined => text(r.requestParameters, 'notebookInstanceName');
const config = (r: CloudTrailRecord): string | undefined =>
  text(r.requestParameters, 'lifecycleConfigName', 'notebookInstanceLifecycleConfigName');

function matches(r: CloudTrailRecord): boolean {
  if (isEvent(r, 'sagemaker', 'UpdateNotebookInstanceLifecycleConfig')) return true;
  return (
    isEvent(r, 'sagemaker', 'UpdateNotebookInstance') &&
    config(r) !== undefined &&
    flag(req(r, 'disassociateLifecycleConfig')) !== true
  );
}

/** A SageMaker notebook given a (new) lifecycle script: it runs as root with the notebook's role at the next start. */
export const lifecycleConfigAttached: RecordRule = {
  id: 'aws.sagemaker.lifecycle-config-attached',
  title: 'SageMaker notebook lifecycle script attached or changed',
  description:
    "UpdateNotebookInstance attaching a lifecycle configuration to an existing notebook instance, or UpdateNotebookInstanceLifecycleConfig rewriting the scripts of an existing configuration. Lifecycle scripts run as root on the notebook at every start, with the notebook's execution role: whoever can update the notebook can run code as that role without iam:PassRole (Stratus: aws.execution.sagemaker-update-lifecycle-config, which stops the notebook, attaches a new configuration and starts it). A configuration set when the notebook is created is not flagged.",
  severity: 'medium',
  mitre: { tactic: 'TA0004 Privilege Escalation', technique: 'T1037 Boot or Logon Initialization Scripts' },
  runbook:
    "Read the configuration's scripts (DescribeNotebookInstanceLifecycleConfig, base64) and compare with the team's; if foreign, stop the notebook and rotate what its role can reach.",
  prefilter: [clause('sagemaker', 'UpdateNotebookInstance', 'UpdateNotebookInstanceLifecycleConfig')],
  match: matches,
  titleOf: (r) =>
    r.eventName === 'UpdateNotebookInstanceLifecycleConfig'
      ? `SageMaker lifecycle configuration${named(config(r))} rewritten`
      : `Lifecycle configuration${named(config(r))} attached to SageMaker notebook${named(notebook(r))}`,
  context: (r) => ({ notebookInstance: notebook(r) ?? null, lifecycleConfig: config(r) ?? null }),
  cases: [
    {
      name: 'flags a lifecycle configuration attached to a notebook (Stratus detonation shape)',
      expect: true,
      record: event('sagemaker', 'UpdateNotebookInstance', {
        request: {
          notebookInstanceName: 'stratus-red-team-notebook',
          lifecycleConfigName: 'stratus-red-team-malicious-lifecycle',
        },
      }),
    },
    {
      name: 'flags the scripts of a configuration rewritten',
      expect: true,
      record: event('sagemaker', 'UpdateNotebookInstanceLifecycleConfig', {
        request: {
          notebookInstanceLifecycleConfigName: 'team-setup',
          onStart: [{ content: 'HIDDEN_DUE_TO_SECURITY_REASONS' }],
        },
      }),
    },
    {
      name: 'ignores an instance type change',
      expect: false,
      record: event('sagemaker', 'UpdateNotebookInstance', {
        request: { notebookInstanceName: 'nb', instanceType: 'ml.t3.large' },
      }),
    },
    {
      name: 'ignores detaching a configuration',
      expect: false,
      record: event('sagemaker', 'UpdateNotebookInstance', {
        request: { notebookInstanceName: 'nb', disassociateLifecycleConfig: true },
      }),
    },
  ],
};
