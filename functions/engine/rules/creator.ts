/**
 * Who made an identity (a user, a key, a password, a trust): the same creation weighs differently when
 * a long-lived key, the root user or another account made it than when an administrator's role or a
 * service deploying a stack did. Identity-creation rules take their severity from here; the rule scorer
 * then lowers automation (Terraform, CI) one step.
 * @module
 */
import { type CloudTrailRecord, getString, principalOf } from '../cloudtrail/index.js';
import type { Severity } from '../findings/index.js';
import { describePrincipal } from './describe.js';

/** The creator as findings name it, and the severity its identity gives an identity creation. */
export interface Creator {
  createdBy: string;
  severity: Severity;
  why: string;
}

/** Judges the caller of an identity-creation event. */
export function creatorOf(record: CloudTrailRecord): Creator {
  const principal = principalOf(record);
  const createdBy = describePrincipal(principal);
  if (getString(record, 'userIdentity.invokedBy') !== undefined || principal.type === 'AWSService')
    return { createdBy, severity: 'low', why: 'an AWS service made it on a principal’s behalf (a stack, a pipeline)' };
  switch (principal.type) {
    case 'Root':
      return { createdBy, severity: 'critical', why: 'the root user made it' };
    case 'IAMUser':
      return {
        createdBy,
        severity: 'high',
        why: 'a long-lived access key or password made it (what a stolen key does)',
      };
    case 'AWSAccount':
    case 'FederatedUser':
      return { createdBy, severity: 'high', why: 'a caller from another account or a federation token made it' };
    default:
      return { createdBy, severity: 'medium', why: 'a role or a federated human made it' };
  }
}
