/**
 * Builds the records of rule cases: a helper that sets only the fields under test on top of a small,
 * realistic CloudTrail record (the shape AWS writes), so a case reads as what it tests.
 * @example
 * event('cloudtrail', 'StopLogging', { request: { name: 'org-trail' } })
 * event('iam', 'CreateAccessKey', { as: identity.user('alice'), request: { userName: 'bob' } })
 * @module
 */
import type { CloudTrailRecord, UserIdentity } from '../cloudtrail/index.js';

/** The account every case lives in unless it says otherwise. */
export const CASE_ACCOUNT = '111122223333';
/** An account outside the case organization. */
export const FOREIGN_ACCOUNT = '999988887777';
/** A second account inside the case organization. */
export const SIBLING_ACCOUNT = '444455556666';

/** Identities for cases. */
export const identity = {
  user(name: string, account = CASE_ACCOUNT): UserIdentity {
    return {
      type: 'IAMUser',
      principalId: `AIDA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(17, 'X')
        .slice(0, 17)}`,
      arn: `arn:aws:iam::${account}:user/${name}`,
      accountId: account,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: name,
    };
  },
  role(name: string, session = 'session', account = CASE_ACCOUNT): UserIdentity {
    return {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLEROLEID0001:${session}`,
      arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}`,
      accountId: account,
      accessKeyId: 'ASIAEXAMPLESESSION01',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEROLEID0001',
          arn: `arn:aws:iam::${account}:role/${name}`,
          accountId: account,
          userName: name,
        },
        attributes: { creationDate: '2024-08-01T11:00:00Z', mfaAuthenticated: 'false' },
      },
    };
  },
  /** Credentials of an EC2 instance profile: the session name is the instance id. */
  instance(roleName: string, instanceId: string, account = CASE_ACCOUNT): UserIdentity {
    const base = identity.role(roleName, instanceId, account);
    return { ...base, sessionContext: { ...base.sessionContext, ec2RoleDelivery: '2.0' } };
  },
  root(account = CASE_ACCOUNT): UserIdentity {
    return {
      type: 'Root',
      principalId: account,
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
      accessKeyId: '',
    };
  },
  service(service: string): UserIdentity {
    return { type: 'AWSService', invokedBy: service };
  },
} as const;

/** What a case may set; everything else keeps its default. */
export interface EventOptions {
  as?: UserIdentity | null;
  request?: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  additional?: Record<string, unknown> | null;
  error?: string;
  errorMessage?: string;
  ip?: string;
  userAgent?: string;
  region?: string;
  time?: string;
  account?: string;
  readOnly?: boolean;
  eventType?: string;
  extra?: Record<string, unknown>;
}

let counter = 0;

/** A record of `<service>.amazonaws.com:<eventName>` with only the given fields changed. */
export function event(service: string, eventName: string, options: EventOptions = {}): CloudTrailRecord {
  counter += 1;
  const account = options.account ?? CASE_ACCOUNT;
  const record: CloudTrailRecord = {
    eventVersion: '1.09',
    userIdentity: options.as === undefined ? identity.user('alice', account) : options.as,
    eventTime: options.time ?? '2024-08-01T12:00:00Z',
    eventSource: service.includes('.') ? service : `${service}.amazonaws.com`,
    eventName,
    awsRegion: options.region ?? 'us-east-1',
    sourceIPAddress: options.ip ?? '198.51.100.7',
    userAgent:
      options.userAgent ?? 'aws-cli/2.17.32 md/awscrt#0.21.2 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.11.9',
    requestParameters: options.request === undefined ? null : options.request,
    responseElements: options.response === undefined ? null : options.response,
    requestID: `req-${counter}`,
    eventID: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    readOnly: options.readOnly ?? /^(Get|List|Describe|Head|Lookup)/.test(eventName),
    eventType: options.eventType ?? 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
  if (options.additional !== undefined) record.additionalEventData = options.additional;
  if (options.error !== undefined) {
    record.errorCode = options.error;
    record.errorMessage = options.errorMessage ?? `${options.error} for ${eventName}`;
  }
  return { ...record, ...(options.extra ?? {}) };
}

/** A console sign-in event (`signin.amazonaws.com`), successful unless `outcome` says otherwise. */
export function signin(
  eventName: string,
  options: EventOptions & { outcome?: 'Success' | 'Failure'; mfa?: 'Yes' | 'No' } = {},
): CloudTrailRecord {
  const outcome = options.outcome ?? 'Success';
  return event('signin', eventName, {
    ...options,
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
    response: options.response ?? { [eventName]: outcome },
    additional: options.additional ?? {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: options.mfa ?? 'Yes',
    },
    userAgent: options.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    extra: { ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}), ...(options.extra ?? {}) },
  });
}
