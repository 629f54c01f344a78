import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { deniedByPermission, field, list, num, str, succeeded, text } from '../../fields.js';
import { clause, isEvent, req } from '../../matchers.js';
import { type RecordRule, RuleOutcome } from '../../types.js';

/** Accelerated (GPU, Inferentia, Trainium, FPGA) families: what cryptominers and LLM thieves ask for. */
const ACCELERATED = /^(p\d|g\d|gr\d|inf\d|trn\d|dl\d|f\d|vt\d)[a-z0-9-]*\./i;
/** Successful launches of at least this many accelerated instances in one call are reported. */
const FLEET = 10;

const typeOf = (r: CloudTrailRecord): string => text(r.requestParameters, 'instanceType') ?? '';
function countOf(r: CloudTrailRecord): number {
  const items = list(req(r, 'instancesSet'));
  const counts = items.map((i) => num(field(i, 'maxCount')) ?? num(field(i, 'minCount')) ?? 1);
  return counts.length === 0 ? 1 : counts.reduce((a, b) => a + b, 0);
}

function matches(r: CloudTrailRecord): boolean {
  if (!isEvent(r, 'ec2', 'RunInstances') || !ACCELERATED.test(typeOf(r))) return false;
  return deniedByPermission(r) || (succeeded(r) && countOf(r) >= FLEET);
}

/** Attempts to launch GPU-class instances without the permission, or a large GPU fleet at once: compute hijacking. */
export const gpuInstancesLaunched: RecordRule = {
  id: 'aws.ec2.gpu-instances-launched',
  title: 'GPU instances requested',
  description: `RunInstances for an accelerated instance type (p*, g*, inf*, trn*, dl*, f*, vt*) that AWS refused for lack of permission (someone holding these credentials tried to start GPU capacity: the Stratus detonation aws.execution.ec2-launch-unusual-instances is exactly that, medium), or that launched ${FLEET} or more such instances in one call (high; cryptomining and model-abuse campaigns start fleets). A single GPU instance launched successfully is left to first-seen detection: ML teams do it every day. Failures for capacity or quota (InsufficientInstanceCapacity, VcpuLimitExceeded) are not permission problems and are ignored.`,
  severity: 'medium',
  mitre: { tactic: 'TA0040 Impact', technique: 'T1496.001 Resource Hijacking: Compute Hijacking' },
  runbook:
    'Ask whether the principal runs GPU workloads; if not, revoke its credentials, terminate any accelerated instances it started in every region, and check service-quota increase requests.',
  outcome: RuleOutcome.Any,
  prefilter: [clause('ec2', 'RunInstances')],
  match: matches,
  titleOf: (r) =>
    deniedByPermission(r)
      ? `Denied attempt to launch ${typeOf(r)} instances`
      : `${countOf(r)} ${typeOf(r)} instances launched in one call`,
  severityOf: (r) => (deniedByPermission(r) ? 'medium' : 'high'),
  dedupe: (r) =>
    `${str(r.userIdentity?.arn)}|${typeOf(r)}|${str(r.eventTime).slice(0, 13)}|${deniedByPermission(r) ? 'denied' : 'fleet'}`,
  context: (r) => ({ instanceType: typeOf(r), count: countOf(r), region: str(r.awsRegion) || null }),
  cases: [
    {
      name: 'flags a denied p2.xlarge launch (Stratus detonation shape)',
      expect: true,
      record: event('ec2', 'RunInstances', {
        as: identity.role('stratus-red-team-ec2-unusual-role', 'aws-go-sdk-1'),
        request: {
          instanceType: 'p2.xlarge',
          instancesSet: { items: [{ imageId: 'ami-0b98a32b1c5e0d105', minCount: 1, maxCount: 10 }] },
        },
        error: 'Client.UnauthorizedOperation',
      }),
    },
    {
      name: 'flags a fleet of 20 g5 instances',
      expect: true,
      record: event('ec2', 'RunInstances', {
        request: {
          instanceType: 'g5.12xlarge',
          instancesSet: { items: [{ imageId: 'ami-1', minCount: 20, maxCount: 20 }] },
        },
      }),
    },
    {
      name: 'ignores one GPU instance for a data scientist',
      expect: false,
      record: event('ec2', 'RunInstances', {
        request: {
          instanceType: 'g4dn.xlarge',
          instancesSet: { items: [{ imageId: 'ami-1', minCount: 1, maxCount: 1 }] },
        },
      }),
    },
    {
      name: 'ignores a denied t3 launch',
      expect: false,
      record: event('ec2', 'RunInstances', {
        request: { instanceType: 't3.micro' },
        error: 'Client.UnauthorizedOperation',
      }),
    },
    {
      name: 'ignores a GPU launch refused for capacity',
      expect: false,
      record: event('ec2', 'RunInstances', {
        request: { instanceType: 'p4d.24xlarge' },
        error: 'Server.InsufficientInstanceCapacity',
      }),
    },
  ],
};
