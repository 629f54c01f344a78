/**
 * Calls made by AWS services on a principal's behalf. They are real activity but not a human or
 * workload choosing an action, so the detector excludes them by default (config can include them).
 * @module
 */
import { type CloudTrailRecord, getString } from './record.js';

/** Why a record counts as made by an AWS service; `null` when a principal made the call itself. */
export const ServiceCallReason = {
  AwsService: 'aws-service',
  InvokedBy: 'invoked-by',
  AwsInternal: 'aws-internal',
  ServiceLinkedRole: 'service-linked-role',
  ServiceEndpoint: 'service-endpoint',
} as const;
export type ServiceCallReason = (typeof ServiceCallReason)[keyof typeof ServiceCallReason];

/** Classifies a record; the SQL twin is `serviceCallSql` in `principal-sql.ts`. */
export function serviceCallReason(record: CloudTrailRecord): ServiceCallReason | null {
  if (getString(record, 'userIdentity.type') === 'AWSService') return ServiceCallReason.AwsService;
  if (getString(record, 'userIdentity.invokedBy') !== undefined) return ServiceCallReason.InvokedBy;
  const ip = getString(record, 'sourceIPAddress');
  // A userAgent of "AWS Internal" alone is not enough: console actions routed inside AWS carry it too.
  if (ip === 'AWS Internal') return ServiceCallReason.AwsInternal;
  if ((getString(record, 'userIdentity.sessionContext.sessionIssuer.arn') ?? '').includes('/aws-service-role/')) {
    return ServiceCallReason.ServiceLinkedRole;
  }
  if (ip?.endsWith('.amazonaws.com')) return ServiceCallReason.ServiceEndpoint;
  return null;
}
