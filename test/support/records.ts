/** Builds realistic CloudTrail records for tests, setting only what a test cares about. */
import { randomUUID } from 'node:crypto';
import type { CloudTrailRecord } from '../../functions/engine/cloudtrail/index.js';

export interface RecordSpec {
  account?: string;
  /** Role name (AssumedRole), or `user:<name>` (IAMUser), or `root`. */
  who?: string;
  time: string;
  source?: string;
  name: string;
  region?: string;
  ip?: string;
  agent?: string;
  errorCode?: string;
  id?: string;
  extra?: Partial<CloudTrailRecord>;
}

/** A record of `spec.who` calling `spec.source:spec.name` at `spec.time`. */
export function record(spec: RecordSpec): CloudTrailRecord {
  const account = spec.account ?? '111122223333';
  const who = spec.who ?? 'app-role';
  let userIdentity: CloudTrailRecord['userIdentity'];
  if (who === 'root') {
    userIdentity = {
      type: 'Root',
      principalId: account,
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
      accessKeyId: 'ASIAROOTEXAMPLE',
    };
  } else if (who.startsWith('user:')) {
    const name = who.slice(5);
    userIdentity = {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE' + name.toUpperCase(),
      arn: `arn:aws:iam::${account}:user/${name}`,
      accountId: account,
      accessKeyId: 'AKIAEXAMPLE',
      userName: name,
    };
  } else {
    userIdentity = {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLE${who.toUpperCase()}:session-${spec.time}`,
      arn: `arn:aws:sts::${account}:assumed-role/${who}/session-${spec.time}`,
      accountId: account,
      accessKeyId: 'ASIAEXAMPLE',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: `AROAEXAMPLE${who.toUpperCase()}`,
          arn: `arn:aws:iam::${account}:role/${who}`,
          accountId: account,
          userName: who,
        },
        attributes: { creationDate: spec.time, mfaAuthenticated: 'false' },
      },
    };
  }
  return {
    eventVersion: '1.09',
    userIdentity,
    eventTime: spec.time,
    eventSource: spec.source ?? 's3.amazonaws.com',
    eventName: spec.name,
    awsRegion: spec.region ?? 'eu-west-1',
    sourceIPAddress: spec.ip ?? '198.51.100.7',
    userAgent: spec.agent ?? 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    ...(spec.errorCode ? { errorCode: spec.errorCode, errorMessage: 'denied' } : {}),
    requestParameters: null,
    responseElements: null,
    requestID: randomUUID(),
    eventID: spec.id ?? randomUUID(),
    readOnly: /^(Get|List|Describe|Head)/.test(spec.name),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...spec.extra,
  };
}

/** ISO time `days` days and `hours` hours after 2026-01-05T00:00:00Z. */
export function at(days: number, hours = 0, minutes = 0): string {
  return new Date(Date.UTC(2026, 0, 5) + ((days * 24 + hours) * 60 + minutes) * 60_000)
    .toISOString()
    .replace('.000Z', 'Z');
}
