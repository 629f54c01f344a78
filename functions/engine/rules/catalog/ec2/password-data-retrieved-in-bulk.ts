import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { text } from '../../fields.js';
import { clause, isEvent } from '../../matchers.js';
import type { Burst, BurstPresentation, Observation, WindowRule } from '../../types.js';
import { burstActor, deniedCalls, deniedNote, principalObservation, sample, succeededCalls } from '../burst.js';

const instanceOf = (r: CloudTrailRecord): string[] => {
  if (!isEvent(r, 'ec2', 'GetPasswordData')) return [];
  const id = text(r.requestParameters, 'instanceId');
  return id === undefined ? [] : [id];
};

const observe = (r: CloudTrailRecord): Observation | null => principalObservation(r, instanceOf(r));

function present(b: Burst): BurstPresentation {
  return {
    title: `${burstActor(b)} asked for the Windows password data of ${b.targets.length} instances${deniedNote(b)}`,
    severity: succeededCalls(b) > 0 ? 'high' : 'medium',
    context: {
      principal: b.actor,
      instances: sample(b.targets),
      distinctInstances: b.targets.length,
      denied: deniedCalls(b),
    },
  };
}

const role = identity.role('stratus-red-team-ec2-get-password-data-role', 'aws-go-sdk-1722375070115152000');
const calls = (n: number, error?: string, as = role): CloudTrailRecord[] =>
  Array.from({ length: n }, (_, i) =>
    event('ec2', 'GetPasswordData', {
      as,
      request: { instanceId: `i-${String(i).padStart(2, '0')}2jnm5swa59p4fx` },
      ...(error ? { error, errorMessage: 'You are not authorized to perform this operation.' } : {}),
    }),
  );

/** One principal asking for the RDP password data of many Windows instances (Stratus ec2-get-password-data). */
export const passwordDataRetrievedInBulk: WindowRule = {
  id: 'aws.ec2.password-data-retrieved-in-bulk',
  scope: 'window',
  title: 'EC2 Windows password data retrieved in bulk',
  description:
    'Within the sliding span (`rules.burst`, default 60 minutes), one principal calls GetPasswordData on at least `rules.thresholds.passwordDataInstances` (default 5) distinct instances, whatever the outcome: the encrypted administrator password of a Windows instance, readable by whoever holds the launch key pair. Denied calls are the usual sign of someone probing stolen credentials (the Stratus detonation is all denied): medium; high when password data was returned. Calls made by AWS services are ignored.',
  severity: 'medium',
  mitre: { tactic: 'TA0006 Credential Access', technique: 'T1552 Unsecured Credentials' },
  runbook:
    "Ask the principal's owner why it needed these instances' passwords; if unexpected, rotate the local administrator passwords of the instances listed and revoke the principal's sessions.",
  prefilter: [clause('ec2', 'GetPasswordData')],
  observe,
  threshold: (_actor, ctx) => thresholdsOf(ctx).passwordDataInstances,
  present,
  cases: [
    {
      name: 'flags a burst of denied GetPasswordData calls (Stratus detonation shape)',
      expect: 1,
      records: calls(30, 'Client.UnauthorizedOperation'),
    },
    {
      name: 'flags password data returned for many instances',
      expect: 1,
      records: calls(6, undefined, identity.user('admin')),
    },
    {
      name: 'ignores an administrator fetching two passwords',
      expect: 0,
      records: calls(2, undefined, identity.user('lena.schmidt')),
    },
    {
      name: 'ignores repeated calls on the same instance',
      expect: 0,
      records: Array.from({ length: 10 }, () => event('ec2', 'GetPasswordData', { request: { instanceId: 'i-0abc' } })),
    },
  ],
};
