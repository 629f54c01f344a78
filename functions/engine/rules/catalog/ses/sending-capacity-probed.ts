import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { str } from '../../fields.js';
import { clause, isEvent } from '../../matchers.js';
import type { Burst, BurstPresentation, Observation, WindowRule } from '../../types.js';
import { burstActor, deniedCalls, deniedNote, flagValues, principalObservation, principalTypeIn } from '../burst.js';

/** What a spammer asks first with a stolen key: can this account send, how much, from which identities. */
const RECON = [
  'GetAccountSendingEnabled',
  'GetSendQuota',
  'GetSendStatistics',
  'ListIdentities',
  'GetIdentityVerificationAttributes',
  'GetAccount',
  'ListEmailIdentities',
];
/** Distinct reconnaissance calls by one principal in a window that make a probe. */
const DISTINCT = 3;

/** The SES console loads several of these at once: its calls are not a probe. */
const fromConsole = (r: CloudTrailRecord): boolean =>
  str(r.sessionCredentialFromConsole) === 'true' ||
  /console\.(aws\.)?amazon(aws)?\.com|^AWS Internal$/i.test(str(r.userAgent));
const reconOf = (r: CloudTrailRecord): string[] =>
  isEvent(r, 'ses', ...RECON) && !fromConsole(r) ? [str(r.eventName)] : [];

const observe = (r: CloudTrailRecord): Observation | null =>
  principalObservation(r, reconOf(r), str(r.awsRegion) === '' ? [] : [`region:${str(r.awsRegion)}`]);

function present(b: Burst): BurstPresentation {
  const regions = flagValues(b, 'region');
  return {
    title: `${burstActor(b)} probed SES sending capacity (${b.targets.join(', ')})${regions.length > 1 ? ` in ${regions.length} regions` : ''}${deniedNote(b)}`,
    severity: principalTypeIn(b, new Set(['IAMUser', 'Root'])) || regions.length > 1 ? 'high' : 'medium',
    context: { principal: b.actor, calls: b.targets, regions, denied: deniedCalls(b) },
  };
}

const probe = (name: string, region = 'us-east-1', as = identity.user('christophe')): CloudTrailRecord =>
  event('ses', name, { as, region });

/** A key checked for its email sending power: the first step of SES spam and phishing abuse (Stratus ses-enumerate). */
export const sendingCapacityProbed: WindowRule = {
  id: 'aws.ses.sending-capacity-probed',
  scope: 'window',
  title: 'SES sending capacity probed',
  description: `Within the sliding span (\`rules.burst\`, default 60 minutes), one principal makes at least ${DISTINCT} distinct SES reconnaissance calls (GetAccountSendingEnabled, GetSendQuota, GetSendStatistics, ListIdentities, GetIdentityVerificationAttributes, GetAccount, ListEmailIdentities), whatever their outcome, outside the console. Leaked access keys are tested this way within minutes of exposure, before the account is used for spam or phishing or the key is resold (Stratus: aws.discovery.ses-enumerate). High for an IAM user or root key, or when the calls span several regions; medium otherwise. Applications that send mail call SendEmail, and at most GetSendQuota; the SES console's own calls are ignored.`,
  severity: 'high',
  mitre: { tactic: 'TA0007 Discovery', technique: 'T1526 Cloud Service Discovery' },
  runbook:
    'If the principal does not manage SES, deactivate its access keys, check for SendEmail / SendRawEmail and UpdateAccountSendingEnabled calls, and review SES sending statistics in every region listed.',
  prefilter: [clause('ses', ...RECON)],
  observe,
  threshold: () => DISTINCT,
  present,
  cases: [
    {
      name: 'flags the Stratus enumeration sequence',
      expect: 1,
      records: [
        probe('GetAccountSendingEnabled'),
        probe('GetSendQuota'),
        probe('ListIdentities'),
        probe('GetIdentityVerificationAttributes'),
      ],
    },
    {
      name: 'flags a role probing two regions',
      expect: 1,
      records: [
        probe('GetSendQuota', 'us-east-1', identity.role('web')),
        probe('ListIdentities', 'eu-west-1', identity.role('web')),
        probe('GetAccount', 'eu-west-1', identity.role('web')),
      ],
    },
    {
      name: 'ignores an application checking its quota before sending',
      expect: 0,
      records: Array.from({ length: 30 }, () => probe('GetSendQuota', 'us-east-1', identity.role('mailer'))),
    },
    {
      name: 'ignores the SES console',
      expect: 0,
      records: ['GetAccount', 'ListEmailIdentities', 'GetSendQuota'].map((n) =>
        event('ses', n, {
          as: identity.role('admin', 'alice'),
          userAgent: 'console.amazonaws.com',
          extra: { sessionCredentialFromConsole: 'true' },
        }),
      ),
    },
  ],
};
