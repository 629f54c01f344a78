import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { text } from '../../fields.js';
import { clause, isEvent } from '../../matchers.js';
import type { Burst, BurstPresentation, Observation, WindowRule } from '../../types.js';
import { burstActor, deniedCalls, deniedNote, principalObservation, sample } from '../burst.js';

const instanceOf = (r: CloudTrailRecord): string[] => {
  if (!isEvent(r, 'ec2', 'DescribeInstanceAttribute') || text(r.requestParameters, 'attribute') !== 'userData')
    return [];
  const id = text(r.requestParameters, 'instanceId');
  return id === undefined ? [] : [id];
};

const observe = (r: CloudTrailRecord): Observation | null => principalObservation(r, instanceOf(r));

function present(b: Burst): BurstPresentation {
  return {
    title: `${burstActor(b)} read the user data of ${b.targets.length} instances${deniedNote(b)}`,
    severity: 'medium',
    context: {
      principal: b.actor,
      instances: sample(b.targets),
      distinctInstances: b.targets.length,
      denied: deniedCalls(b),
    },
  };
}

const role = identity.role('stratus-red-team-get-usr-data-role', 'aws-go-sdk-1722455550269043000');
const calls = (n: number, attribute = 'userData', error?: string): CloudTrailRecord[] =>
  Array.from({ length: n }, (_, i) =>
    event('ec2', 'DescribeInstanceAttribute', {
      as: role,
      request: { attribute, instanceId: `i-${String(i).padStart(2, '0')}b86090` },
      ...(error ? { error } : {}),
    }),
  );

/** One principal downloading the user data (boot scripts, often with secrets) of many instances (Stratus ec2-download-user-data). */
export const userDataReadInBulk: WindowRule = {
  id: 'aws.ec2.user-data-read-in-bulk',
  scope: 'window',
  title: 'EC2 user data read in bulk',
  description:
    "Within the sliding span (`rules.burst`, default 60 minutes), one principal calls DescribeInstanceAttribute with attribute=userData on at least `rules.thresholds.userDataInstances` (default 5) distinct instances, whatever the outcome. User data holds boot scripts and, too often, hard-coded credentials; Pacu's ec2__download_userdata does exactly this. Other attributes (instanceType, disableApiTermination...) are ignored. Configuration scanners that audit user data for secrets (Prowler) do the same on purpose: suppress their roles. Calls made by AWS services are ignored.",
  severity: 'medium',
  mitre: { tactic: 'TA0006 Credential Access', technique: 'T1552 Unsecured Credentials' },
  runbook:
    'Check whether the principal is an inventory or audit tool; if not, review the user data of the instances listed for secrets and rotate them.',
  prefilter: [clause('ec2', 'DescribeInstanceAttribute')],
  observe,
  threshold: (_actor, ctx) => thresholdsOf(ctx).userDataInstances,
  present,
  cases: [
    {
      name: 'flags user data read on many instances, denied (Stratus detonation shape)',
      expect: 1,
      records: calls(15, 'userData', 'Client.UnauthorizedOperation'),
    },
    { name: 'flags user data read on many instances', expect: 1, records: calls(5) },
    { name: 'ignores other attributes', expect: 0, records: calls(20, 'instanceType') },
    { name: "ignores one instance's user data viewed in the console", expect: 0, records: calls(1) },
  ],
};
