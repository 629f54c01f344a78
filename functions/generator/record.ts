/**
 * Turns a Draft into a full CloudTrail record, with the fields in the order AWS writes them and
 * the details real records carry (tlsDetails, S3 additionalEventData, vpcEndpointId, console flag).
 * @module
 */
import type { CloudTrailRecord } from '../engine/cloudtrail/index.js';
import type { Draft } from './model.js';
import type { Rng } from './prng.js';
import type { AccountResources } from './resources.js';
import { isoSeconds } from './time.js';
import { userAgent } from './user-agents.js';

const SERVICE_SOURCE = /\.amazonaws\.com$/;

function tlsHost(d: Draft, request: Record<string, unknown> | null): string {
  const service = d.action.source.replace(SERVICE_SOURCE, '');
  const host = request?.Host;
  if (typeof host === 'string') return host;
  switch (service) {
    case 'iam':
      return 'iam.amazonaws.com';
    case 'signin':
      return d.action.name === 'ConsoleLogin' ? 'signin.aws.amazon.com' : `${d.region}.signin.aws.amazon.com`;
    case 's3':
      return `s3.${d.region}.amazonaws.com`;
    case 'sts':
      return d.action.name === 'AssumeRoleWithSAML' ? 'sts.amazonaws.com' : `sts.${d.region}.amazonaws.com`;
    case 'sso':
      return `portal.sso.${d.region}.amazonaws.com`;
    default:
      return `${service}.${d.region}.amazonaws.com`;
  }
}

const TLS = new Map<string, NonNullable<CloudTrailRecord['tlsDetails']>>();

/** One shared tlsDetails object per host (records are serialised with shared blocks cached). */
function tlsDetails(host: string): NonNullable<CloudTrailRecord['tlsDetails']> {
  let tls = TLS.get(host);
  if (tls === undefined) {
    tls = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host };
    TLS.set(host, tls);
  }
  return tls;
}

function defaultErrorMessage(d: Draft): string {
  const arn = d.session.identity.arn ?? `arn:aws:iam::${d.account.id}:unknown`;
  const service = d.action.source.replace(SERVICE_SOURCE, '');
  return `User: ${arn} is not authorized to perform: ${service}:${d.action.name} because no identity-based policy allows the ${service}:${d.action.name} action`;
}

function s3RequestId(rng: Rng): string {
  return rng.key(16).replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** Builds the record of a draft; `rng` supplies ids and any parameter randomness. */
export function buildRecord(d: Draft, rng: Rng, res: AccountResources): CloudTrailRecord {
  const a = d.action;
  const ctx = { rng, account: d.account, res, region: d.region, instanceId: d.instanceId ?? d.session.instanceId };
  const isS3 = a.source === 's3.amazonaws.com';
  const request = d.requestParameters !== undefined ? d.requestParameters : a.params ? a.params(ctx) : null;
  const response =
    d.responseElements !== undefined
      ? d.responseElements
      : d.errorCode !== undefined
        ? null
        : a.response
          ? a.response(ctx)
          : null;
  const eventType = d.eventType ?? 'AwsApiCall';
  const record: CloudTrailRecord = {
    eventVersion:
      d.eventVersion ?? (eventType === 'AwsConsoleSignIn' ? '1.09' : eventType === 'AwsServiceEvent' ? '1.08' : '1.11'),
    userIdentity: d.session.identity,
    eventTime: isoSeconds(d.time),
    eventSource: a.source,
    eventName: a.name,
    awsRegion: d.region,
    sourceIPAddress: d.session.sourceIp,
    userAgent: d.userAgent ?? userAgent(d.session.ua, a.source, a.name, d.session.uaVariant),
  };
  if (d.errorCode !== undefined) {
    record.errorCode = d.errorCode;
    record.errorMessage = d.errorMessage ?? defaultErrorMessage(d);
  }
  record.requestParameters = request;
  record.responseElements = response;
  if (d.additionalEventData !== undefined) {
    record.additionalEventData = d.additionalEventData;
  } else if (isS3) {
    record.additionalEventData = {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': `${rng.alnum(56)}=`,
      bytesTransferredOut: rng.int(120, 2400),
    };
  }
  if (eventType !== 'AwsServiceEvent' || d.requestID !== undefined)
    record.requestID = d.requestID ?? (isS3 ? s3RequestId(rng) : rng.uuid());
  record.eventID = d.eventId ?? rng.uuid();
  record.readOnly = a.readOnly;
  if (d.resources !== undefined) record.resources = d.resources;
  record.eventType = eventType;
  if (d.serviceEventDetails !== undefined) record.serviceEventDetails = d.serviceEventDetails;
  record.managementEvent = true;
  record.recipientAccountId = d.recipientAccountId ?? d.account.id;
  if (d.sharedEventID !== undefined) record.sharedEventID = d.sharedEventID;
  if (d.session.vpcEndpointId !== undefined) {
    record.vpcEndpointId = d.session.vpcEndpointId;
    record.vpcEndpointAccountId = d.account.id;
  }
  record.eventCategory = 'Management';
  const internal =
    d.noTls === true ||
    eventType === 'AwsServiceEvent' ||
    d.session.sourceIp === 'AWS Internal' ||
    SERVICE_SOURCE.test(d.session.sourceIp);
  if (!internal) record.tlsDetails = tlsDetails(tlsHost(d, request));
  if (d.session.console) record.sessionCredentialFromConsole = 'true';
  return record;
}
