import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { str, succeeded, text } from '../../fields.js';
import { clause, hourlyKey, isEvent } from '../../matchers.js';
import { type RecordRule, RuleOutcome } from '../../types.js';

const enables = (r: CloudTrailRecord): boolean => isEvent(r, 'ec2', 'EnableSerialConsoleAccess');
const pushesKey = (r: CloudTrailRecord): boolean => isEvent(r, 'ec2-instance-connect', 'SendSerialConsoleSSHPublicKey');

/** EC2 serial console turned on for the account, or an SSH key pushed to an instance's serial console. */
export const serialConsoleAccess: RecordRule = {
  id: 'aws.ec2.serial-console-access',
  title: 'EC2 serial console access',
  description:
    "EnableSerialConsoleAccess (the account-wide switch, off by default, per region) or SendSerialConsoleSSHPublicKey (an SSH key pushed for a serial console session on an instance), whatever its outcome: a push refused because the console is disabled is still someone trying. The serial console reaches an instance's operating system without network access, bypassing security groups and NACLs; it is a break-glass tool, rarely used in production (Stratus: aws.lateral-movement.ec2-serial-console-send-ssh-public-key). Key pushes by one principal within an hour make one finding.",
  severity: 'medium',
  mitre: { tactic: 'TA0008 Lateral Movement', technique: 'T1021.008 Remote Services: Direct Cloud VM Connections' },
  runbook:
    'Ask the caller why the serial console was needed; if unexpected, DisableSerialConsoleAccess and inspect the instances named for new users, keys and processes.',
  prefilter: [
    clause('ec2', 'EnableSerialConsoleAccess'),
    clause('ec2-instance-connect', 'SendSerialConsoleSSHPublicKey'),
  ],
  outcome: RuleOutcome.Any,
  match: (r) => (enables(r) && succeeded(r)) || pushesKey(r),
  titleOf: (r) =>
    enables(r)
      ? `EC2 serial console access enabled in ${str(r.awsRegion) || 'a region'}`
      : `SSH key ${succeeded(r) ? 'pushed' : 'refused'} for the serial console of instance ${text(r.requestParameters, 'instanceId') ?? '(unknown)'}${succeeded(r) ? '' : ` (${str(r.errorCode) || 'failed'})`}`,
  dedupe: (r) => (enables(r) ? str(r.eventID) : hourlyKey(r, 'serial-key', str(r.userIdentity?.arn))),
  context: (r) => ({
    instanceId: text(r.requestParameters, 'instanceId') ?? null,
    serialPort: text(r.requestParameters, 'serialPort') ?? null,
  }),
  cases: [
    {
      name: 'flags serial console access enabled',
      expect: true,
      record: event('ec2', 'EnableSerialConsoleAccess', { response: { serialConsoleAccessEnabled: true } }),
    },
    {
      name: 'flags a key pushed to a serial console (Stratus detonation shape)',
      expect: true,
      record: event('ec2-instance-connect', 'SendSerialConsoleSSHPublicKey', {
        request: { instanceId: 'i-0f364762ca43f9661', serialPort: 0, sSHPublicKey: 'ssh-rsa AAAA...' },
        response: { requestId: 'x', success: true },
      }),
    },
    { name: 'ignores disabling the serial console', expect: false, record: event('ec2', 'DisableSerialConsoleAccess') },
    {
      name: 'flags a key push refused because the console is disabled',
      expect: true,
      record: event('ec2-instance-connect', 'SendSerialConsoleSSHPublicKey', {
        request: { instanceId: 'i-1', serialPort: 0 },
        error: 'SerialConsoleAccessDisabledException',
      }),
    },
    {
      name: 'ignores a denied attempt to enable the console',
      expect: false,
      record: event('ec2', 'EnableSerialConsoleAccess', { error: 'Client.UnauthorizedOperation' }),
    },
  ],
};
