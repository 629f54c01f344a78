/** Builds CloudTrail records shaped as AWS writes them, with only the fields a test cares about set. */
import type { Finding } from '../../../../functions/engine/findings/index.js';

export interface RecordSpec {
  eventSource: string;
  eventName: string;
  time: number;
  accountId: string;
  principal: Finding['principal'];
  region: string;
  sourceIp: string;
  userAgent: string;
  eventId: string;
  requestParameters?: Record<string, unknown> | null;
  errorCode?: string;
}

/** A userIdentity block for the principal, as CloudTrail logs it. */
function identity(p: Finding['principal'], accountId: string): Record<string, unknown> {
  if (p.type === 'AssumedRole') {
    const roleName = p.name ?? 'role';
    return {
      type: 'AssumedRole',
      principalId: `AROA${accountId.slice(0, 8)}EXAMPLE:session`,
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/session-1712`,
      accessKeyId: 'ASIA****************',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: `AROA${accountId.slice(0, 8)}EXAMPLE`,
          arn: p.arn,
          accountId,
          userName: roleName,
        },
        attributes: { creationDate: '2026-11-14T08:00:00Z', mfaAuthenticated: 'false' },
      },
    };
  }
  if (p.type === 'Root')
    return { type: 'Root', principalId: accountId, arn: `arn:aws:iam::${accountId}:root`, accountId, accessKeyId: '' };
  return {
    type: p.type,
    principalId: `AIDA${accountId.slice(0, 8)}EXAMPLE`,
    arn: p.arn,
    accountId,
    accessKeyId: 'AKIA****************',
    userName: p.name,
  };
}

/** One record (eventVersion 1.09 layout). */
export function cloudTrailRecord(spec: RecordSpec): Record<string, unknown> {
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: identity(spec.principal, spec.accountId),
    eventTime: new Date(spec.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: spec.eventSource,
    eventName: spec.eventName,
    awsRegion: spec.region,
    sourceIPAddress: spec.sourceIp,
    userAgent: spec.userAgent,
    requestParameters: spec.requestParameters ?? null,
    responseElements: null,
    requestID: spec.eventId.replace(/^e/, 'r'),
    eventID: spec.eventId,
    readOnly: /^(Get|List|Describe)/.test(spec.eventName),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: spec.accountId,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${spec.eventSource.split('.')[0]}.${spec.region}.amazonaws.com`,
    },
  };
  if (spec.errorCode) {
    record['errorCode'] = spec.errorCode;
    record['errorMessage'] =
      `User: ${spec.principal.arn} is not authorized to perform: ${spec.eventSource.split('.')[0]}:${spec.eventName}`;
  }
  return record;
}
