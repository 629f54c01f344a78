import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { field, list, strings, text } from '../../fields.js';
import { clause, isEvent, req } from '../../matchers.js';
import type { Burst, BurstPresentation, Observation, WindowRule } from '../../types.js';
import {
  burstActor,
  deniedCalls,
  deniedNote,
  flagValues,
  principalObservation,
  sample,
  succeededCalls,
} from '../burst.js';

/** Run Command documents that run arbitrary commands (patching and inventory documents do not). */
const SHELL_DOCUMENTS = new Set(['AWS-RunShellScript', 'AWS-RunPowerShellScript', 'AWS-RunRemoteScript']);

/** SendCommand targets: instance ids, or one tag/resource-group target standing for a whole fleet. */
function commandTargets(r: CloudTrailRecord): string[] {
  const document = text(r.requestParameters, 'documentName') ?? '';
  if (!SHELL_DOCUMENTS.has(document.replace(/^arn:[^/]+:document\//, ''))) return [];
  const ids = strings(req(r, 'instanceIds'));
  for (const t of list(req(r, 'targets'))) {
    const key = text(t, 'key', 'Key') ?? '';
    const values = strings(field(t, 'values') ?? field(t, 'Values'));
    if (key === 'InstanceIds') ids.push(...values);
    else if (key !== '') ids.push(`${key}=${values.join(',')}`);
  }
  return ids;
}

function targetsOf(r: CloudTrailRecord): string[] {
  if (isEvent(r, 'ssm', 'StartSession')) return strings(req(r, 'target'));
  if (isEvent(r, 'ssm', 'SendCommand')) return commandTargets(r);
  if (isEvent(r, 'ec2-instance-connect', 'SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'))
    return strings(req(r, 'instanceId'));
  return [];
}

const METHOD: Record<string, string> = {
  StartSession: 'Session Manager sessions',
  SendCommand: 'Run Command shell commands',
  SendSSHPublicKey: 'EC2 Instance Connect SSH keys',
  SendSerialConsoleSSHPublicKey: 'serial console SSH keys',
};

const observe = (r: CloudTrailRecord): Observation | null =>
  principalObservation(r, targetsOf(r), [`method:${METHOD[r.eventName ?? ''] ?? r.eventName ?? ''}`]);

function present(b: Burst): BurstPresentation {
  const methods = flagValues(b, 'method');
  return {
    title: `${burstActor(b)} opened remote access to ${b.targets.length} instances (${methods.join(', ')})${deniedNote(b)}`,
    severity: succeededCalls(b) > 0 ? 'medium' : 'low',
    context: {
      principal: b.actor,
      instances: sample(b.targets),
      distinctInstances: b.targets.length,
      methods,
      denied: deniedCalls(b),
    },
  };
}

const INSTANCES = ['i-0f364762ca43f9661', 'i-0a86d1f61db2b9b5d', 'i-08a69bfbe21c67e70'];
const session = (target: string, as?: ReturnType<typeof identity.user>): CloudTrailRecord =>
  event('ssm', 'StartSession', {
    ...(as ? { as } : {}),
    request: { target },
    response: {
      sessionId: `christophe-${target}`,
      tokenValue: 'Value hidden due to security reasons.',
      streamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/x',
    },
  });
const command = (documentName: string, instanceIds: string[]): CloudTrailRecord =>
  event('ssm', 'SendCommand', {
    request: { instanceIds, documentName, parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS', interactive: false },
  });
const sshKey = (instanceId: string): CloudTrailRecord =>
  event('ec2-instance-connect', 'SendSSHPublicKey', {
    request: { instanceId, instanceOSUser: 'ec2-user', sSHPublicKey: 'ssh-ed25519 AAAA...' },
  });

/** One principal reaching into many instances at once: Session Manager, Run Command shells, Instance Connect or serial console keys (Stratus ssm-send-command, ssm-start-session, ec2-instance-connect). */
export const remoteAccessToManyInstances: WindowRule = {
  id: 'aws.ec2.remote-access-to-many-instances',
  scope: 'window',
  title: 'Remote access to many instances',
  description:
    'Within the sliding span (`rules.burst`, default 60 minutes), one principal opens interactive or command access to at least `rules.thresholds.remoteAccessInstances` (default 3) distinct instances, mixing methods freely: SSM StartSession (by target), SSM SendCommand with a shell document (AWS-RunShellScript, AWS-RunPowerShellScript, AWS-RunRemoteScript; a tag or resource-group target counts once), EC2 Instance Connect SendSSHPublicKey and SendSerialConsoleSSHPublicKey. Medium; low when every call was denied. Patching and inventory documents (AWS-RunPatchBaseline, ...) and calls AWS services make (State Manager associations) are ignored. Fleet automation that runs shell commands through SSM from one role will match: suppress that role.',
  severity: 'medium',
  mitre: { tactic: 'TA0008 Lateral Movement', technique: 'T1021.008 Remote Services: Direct Cloud VM Connections' },
  runbook:
    "Ask the principal's owner what the sessions were for; read the session or command history (SSM GetCommandInvocation, session logs) on the instances listed.",
  prefilter: [
    clause('ssm', 'StartSession', 'SendCommand'),
    clause('ec2-instance-connect', 'SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'),
  ],
  observe,
  threshold: (_actor, ctx) => thresholdsOf(ctx).remoteAccessInstances,
  present,
  cases: [
    {
      name: 'flags one shell command on three instances (Stratus ssm-send-command shape)',
      expect: 1,
      records: [command('AWS-RunShellScript', INSTANCES)],
    },
    {
      name: 'flags sessions on three instances (Stratus ssm-start-session shape)',
      expect: 1,
      records: INSTANCES.map((i) => session(i)),
    },
    { name: 'flags Instance Connect keys pushed to three instances', expect: 1, records: INSTANCES.map(sshKey) },
    {
      name: 'counts methods together',
      expect: 1,
      records: [session(INSTANCES[0]!), sshKey(INSTANCES[1]!), command('AWS-RunPowerShellScript', [INSTANCES[2]!])],
    },
    { name: 'ignores patching a fleet', expect: 0, records: [command('AWS-RunPatchBaseline', INSTANCES)] },
    {
      name: 'ignores an operator in two instances',
      expect: 0,
      records: [
        session(INSTANCES[0]!, identity.user('ops')),
        session(INSTANCES[1]!, identity.user('ops')),
        session(INSTANCES[0]!, identity.user('ops')),
      ],
    },
    {
      name: 'ignores State Manager running commands as the SSM service',
      expect: 0,
      records: [
        event('ssm', 'SendCommand', {
          as: identity.service('ssm.amazonaws.com'),
          request: { instanceIds: INSTANCES, documentName: 'AWS-RunShellScript' },
        }),
      ],
    },
  ],
};
