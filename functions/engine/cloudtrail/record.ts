/**
 * The CloudTrail record as AWS writes it (eventVersion 1.0x). Every field is optional on
 * purpose: real logs omit fields freely, and attackers control many values.
 * @module
 */

/** `userIdentity.sessionContext` of a CloudTrail record. */
export interface SessionContext {
  sessionIssuer?: {
    type?: string;
    principalId?: string;
    arn?: string;
    accountId?: string;
    userName?: string;
  };
  attributes?: { creationDate?: string; mfaAuthenticated?: string };
  webIdFederationData?: { federatedProvider?: string; attributes?: Record<string, unknown> };
  sourceIdentity?: string;
  ec2RoleDelivery?: string;
  assumedRoot?: string;
}

/** `userIdentity` of a CloudTrail record. */
export interface UserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  identityProvider?: string;
  credentialId?: string;
  sessionContext?: SessionContext;
  onBehalfOf?: { userId?: string; identityStoreArn?: string };
  inScopeOf?: { issuerType?: string; issuerAccountId?: string; issuerArn?: string; credentialsIssuedTo?: string };
}

/** One CloudTrail event record. */
export interface CloudTrailRecord {
  eventVersion?: string;
  userIdentity?: UserIdentity | null;
  eventTime?: string;
  eventSource?: string;
  eventName?: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown> | null;
  serviceEventDetails?: Record<string, unknown> | null;
  requestID?: string;
  eventID?: string;
  eventType?: string;
  eventCategory?: string;
  readOnly?: boolean;
  managementEvent?: boolean;
  recipientAccountId?: string;
  sharedEventID?: string;
  vpcEndpointId?: string;
  vpcEndpointAccountId?: string;
  sessionCredentialFromConsole?: string;
  tlsDetails?: { tlsVersion?: string; cipherSuite?: string; clientProvidedHostHeader?: string };
  resources?: Array<{ ARN?: string; accountId?: string; type?: string }>;
  [key: string]: unknown;
}

/**
 * Reads a nested field without ever throwing: `get(r, 'userIdentity.sessionContext.sessionIssuer.arn')`.
 * Returns undefined when any step is missing or not an object.
 */
export function get(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Like {@link get} but returns a string only when the field is a non-empty string. */
export function getString(value: unknown, path: string): string | undefined {
  const v = get(value, path);
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** `eventSource:eventName`, the action key used everywhere (e.g. `iam.amazonaws.com:CreateUser`). */
export function actionOf(record: CloudTrailRecord): string {
  return `${record.eventSource ?? 'unknown'}:${record.eventName ?? 'unknown'}`;
}

/** The account whose trail recorded the event: recipientAccountId, else the actor's account. */
export function accountOf(record: CloudTrailRecord, fallback?: string): string {
  return (
    getString(record, 'recipientAccountId') ?? fallback ?? getString(record, 'userIdentity.accountId') ?? 'unknown'
  );
}

/** Whether an object field anywhere in `value` is null (null array elements do not count). */
function holdsNull(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsNull);
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v === null || holdsNull(v)) return true;
  }
  return false;
}

/**
 * `value` without its null object fields, at every depth (null array elements stay): a field written as null
 * reads as absent, whichever source wrote it. Parts without a null are shared, not copied, so parsing a
 * record and dropping its nulls makes little more garbage than parsing it.
 */
export function withoutNulls(value: unknown): unknown {
  if (!holdsNull(value)) return value;
  if (Array.isArray(value)) return value.map(withoutNulls);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) if (v !== null) out[key] = withoutNulls(v);
  return out;
}
