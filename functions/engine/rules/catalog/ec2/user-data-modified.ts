import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { field, text } from '../../fields.js';
import { clause, isEvent, named, req } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

/** The request sets user data: `userData` (SDK shape) or `attribute: userData` with a value (CLI --attribute shape). */
function setsUserData(r: CloudTrailRecord): boolean {
  if (!isEvent(r, 'ec2', 'ModifyInstanceAttribute')) return false;
  const direct = req(r, 'userData');
  if (direct !== undefined && direct !== null) return true;
  return text(r.requestParameters, 'attribute') === 'userData' && field(r.requestParameters, 'value') !== undefined;
}

/** An instance's user data replaced: whatever it holds runs as root at the next start. */
export const userDataModified: RecordRule = {
  id: 'aws.ec2.user-data-modified',
  title: 'EC2 instance user data modified',
  description:
    "ModifyInstanceAttribute setting userData (either the userData field or attribute=userData with a value). User data runs as root when the instance starts, so replacing it on a stopped instance and starting it again runs the caller's code with the instance's role (Stratus: aws.execution.ec2-user-data; the detonation stops the instance, modifies, starts). CloudTrail replaces the script with <sensitiveDataRemoved>: read it from the instance (DescribeInstanceAttribute). Immutable fleets rarely change user data in place; launch templates and new instances are not affected by this rule.",
  severity: 'high',
  mitre: { tactic: 'TA0004 Privilege Escalation', technique: 'T1037 Boot or Logon Initialization Scripts' },
  runbook:
    "Read the instance's current user data (DescribeInstanceAttribute --attribute userData), look for StopInstances/StartInstances around this call, and isolate the instance if the script is not yours.",
  prefilter: [clause('ec2', 'ModifyInstanceAttribute')],
  match: setsUserData,
  titleOf: (r) => `User data of EC2 instance${named(text(r.requestParameters, 'instanceId'))} modified`,
  context: (r) => ({ instanceId: text(r.requestParameters, 'instanceId') ?? null }),
  cases: [
    {
      name: 'flags user data replaced (Stratus detonation shape)',
      expect: true,
      record: event('ec2', 'ModifyInstanceAttribute', {
        request: { instanceId: 'i-DDd6c7B0e18F0E35f', userData: '<sensitiveDataRemoved>' },
        response: { _return: true },
      }),
    },
    {
      name: 'flags the CLI attribute/value form',
      expect: true,
      record: event('ec2', 'ModifyInstanceAttribute', {
        as: identity.role('admin', 'bob'),
        request: { instanceId: 'i-0abc', attribute: 'userData', value: '<sensitiveDataRemoved>' },
      }),
    },
    {
      name: 'ignores an instance type change',
      expect: false,
      record: event('ec2', 'ModifyInstanceAttribute', {
        request: { instanceId: 'i-0abc', instanceType: { value: 't3.large' } },
      }),
    },
    {
      name: 'ignores another attribute (TrailDiscover shape)',
      expect: false,
      record: event('ec2', 'ModifyInstanceAttribute', {
        request: {
          attribute: 'TrailDiscoverAttribute',
          instanceId: 'TrailDiscoverInstanceId',
          value: '<sensitiveDataRemoved>',
        },
      }),
    },
    {
      name: 'ignores a failed change',
      expect: false,
      record: event('ec2', 'ModifyInstanceAttribute', {
        request: { instanceId: 'i-0abc', userData: '<sensitiveDataRemoved>' },
        error: 'Client.IncorrectInstanceState',
      }),
    },
  ],
};
