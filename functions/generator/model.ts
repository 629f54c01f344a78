/**
 * The generator's internal vocabulary: who acts (Principal, Person), with which credentials
 * (Session), and one call waiting to become a CloudTrail record (Draft).
 * @module
 */
import type { UserIdentity } from '../engine/cloudtrail/index.js';
import type { ActionSpec } from './actions.js';
import type { RoleRef } from './identity.js';
import type { Account } from './org.js';
import type { UaFamily } from './user-agents.js';

/** The behaviours the generator knows. */
export const PrincipalKind = {
  SsoRole: 'sso-role',
  IamHuman: 'iam-human',
  IamAutomation: 'iam-automation',
  OpsAutomation: 'ops-automation',
  CiRole: 'ci-role',
  InstanceRole: 'instance-role',
  LambdaRole: 'lambda-role',
  OrgAccessRole: 'org-access-role',
  ServiceLinkedRole: 'service-linked-role',
  IdentityCenter: 'identity-center',
} as const;
export type PrincipalKind = (typeof PrincipalKind)[keyof typeof PrincipalKind];

/** A human of the organization (Identity Center user). */
export interface Person {
  email: string;
  /** Identity Center user id (uuid). */
  userId: string;
  officeOffset: number;
  ips: string[];
  /** Which OS/browser variant their clients report. */
  variant: number;
  /** Share of sessions in the console rather than the CLI. */
  consoleShare: number;
  /** Probability of working in a given assigned account on a weekday. */
  activeRate: number;
  /** First day (index) they are active; joiners start mid-period. */
  startDay: number;
  team: 'platform' | 'developer' | 'security';
}

/** One routine action of a principal and its relative weight. */
export interface WeightedAction {
  action: ActionSpec;
  weight: number;
}

/** Who acts and how: one IAM identity (role, user) and its behaviour. */
export interface Principal {
  /** Unique label (also seeds its randomness). */
  id: string;
  kind: PrincipalKind;
  account: Account;
  /** Day index of its first event (the generator guarantees an event that day). */
  startDay: number;
  repertoire: WeightedAction[];
  /** Legitimate new actions it may pick up over time (the scan's expected noise). */
  churn: WeightedAction[];
  /** Actions it never does routinely (kept for injected first-seen anomalies). */
  reserved: ReadonlySet<string>;
  role?: RoleRef;
  /** SSO roles: the people assigned to this permission set in this account. */
  people?: Person[];
  permissionSet?: string;
  userName?: string;
  userId?: string;
  accessKeyId?: string;
  sourceIps?: string[];
  instances?: string[];
  functionName?: string;
  /** Minutes between routine runs (instances, Lambda schedules). */
  intervalMinutes?: number;
  ua?: UaFamily;
  /** Service of a service-linked role (invokedBy). */
  service?: string;
}

/** Credentials in use: the identity block and where calls come from. */
export interface Session {
  identity: UserIdentity;
  sourceIp: string;
  ua: UaFamily;
  uaVariant: number;
  /** Calls made from the console (sessionCredentialFromConsole). */
  console: boolean;
  vpcEndpointId?: string;
  instanceId?: string;
}

type Params = Record<string, unknown> | null;

/** One call waiting to become a record. Unset fields take the action's and session's defaults. */
export interface Draft {
  time: number;
  region: string;
  action: ActionSpec;
  session: Session;
  account: Account;
  requestParameters?: Params;
  responseElements?: Params;
  additionalEventData?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  eventType?: 'AwsApiCall' | 'AwsConsoleSignIn' | 'AwsServiceEvent';
  eventVersion?: string;
  resources?: Array<{ accountId?: string; type?: string; ARN?: string }>;
  sharedEventID?: string;
  serviceEventDetails?: Record<string, unknown>;
  recipientAccountId?: string;
  requestID?: string;
  eventId?: string;
  userAgent?: string;
  /** No tlsDetails (calls made inside AWS). */
  noTls?: boolean;
  /** Instance id for parameter builders. */
  instanceId?: string;
}
