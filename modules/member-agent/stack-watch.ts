/**
 * The agent stack watching itself (guard rail, optional): its deletion, its drift and hand-made CloudFormation
 * changes (any principal but the StackSet execution role) are forwarded from the account's default bus to the
 * central bus, where they become alerts. A rule cannot outlive its stack, so deletion is caught as it starts.
 * @module
 */
import { AWS_ACCOUNT_ID, AWS_STACK_ID, AWS_STACK_NAME, getAtt, ref, sub } from './cfn.js';
import type * as R from './resource-types.js';

/** Service-managed StackSets act in member accounts through roles named so. */
export const STACKSET_EXECUTION_ROLE_PREFIX = 'stacksets-exec-';

/** CloudFormation calls that change or remove a stack. */
export const STACK_CHANGE_CALLS = [
  'UpdateStack',
  'DeleteStack',
  'CreateChangeSet',
  'ExecuteChangeSet',
  'SetStackPolicy',
  'UpdateTerminationProtection',
  'CancelUpdateStack',
  'ContinueUpdateRollback',
  'RollbackStack',
] as const;

/** The detail-types forwarded (the bus policy allows exactly these from the forwarder role). */
export const FORWARDED_DETAIL_TYPES = [
  'CloudFormation Stack Status Change',
  'CloudFormation Drift Detection Status Change',
  'AWS API Call via CloudTrail',
] as const;

export interface StackWatchOptions {
  partition: string;
  /** Role name without the region suffix the template appends. */
  forwarderRolePrefix: string;
  stackEventsRule: string;
  stackCallsRule: string;
  busArnParameter: string;
  /** Logical id of the queue that receives undeliverable events. */
  dlq: string;
}

export interface StackWatchResources {
  StackWatchRole: R.IamRole;
  StackEventsRule: R.EventsForwardRule;
  StackCallsRule: R.EventsForwardRule;
}

/** The forwarder role and the two rules. */
export function stackWatchResources(o: StackWatchOptions, tags: R.Tag[]): StackWatchResources {
  const target = (id: string) => ({
    Id: id,
    Arn: ref(o.busArnParameter),
    RoleArn: getAtt('StackWatchRole', 'Arn'),
    RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
    DeadLetterConfig: { Arn: getAtt(o.dlq, 'Arn') },
  });
  return {
    StackWatchRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: sub(`${o.forwarderRolePrefix}-\${AWS::Region}`),
        Description: 'ct-anomaly: forwards changes of the agent stack to the central bus',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': AWS_ACCOUNT_ID } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'forward',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'ForwardToCentralBus',
                  Effect: 'Allow',
                  Action: 'events:PutEvents',
                  Resource: ref(o.busArnParameter),
                },
              ],
            },
          },
        ],
        Tags: tags,
      },
    },
    StackEventsRule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: o.stackEventsRule,
        Description: 'ct-anomaly: the agent stack being deleted or drifting, to the central bus',
        State: 'ENABLED',
        EventPattern: {
          source: ['aws.cloudformation'],
          'detail-type': [FORWARDED_DETAIL_TYPES[0], FORWARDED_DETAIL_TYPES[1]],
          detail: {
            'stack-id': [AWS_STACK_ID],
            $or: [
              { 'status-details': { status: ['DELETE_IN_PROGRESS', 'DELETE_FAILED'] } },
              { 'status-details': { 'stack-drift-status': ['DRIFTED'] } },
            ],
          },
        },
        Targets: [target('central-bus')],
      },
    },
    StackCallsRule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: o.stackCallsRule,
        Description:
          'ct-anomaly: CloudFormation calls on the agent stack by anyone but the StackSet, to the central bus',
        State: 'ENABLED',
        EventPattern: {
          source: ['aws.cloudformation'],
          'detail-type': [FORWARDED_DETAIL_TYPES[2]],
          detail: {
            eventSource: ['cloudformation.amazonaws.com'],
            eventName: [...STACK_CHANGE_CALLS],
            requestParameters: { stackName: [AWS_STACK_NAME, AWS_STACK_ID] },
            $or: [
              { userIdentity: { type: ['Root', 'IAMUser', 'FederatedUser'] } },
              {
                userIdentity: {
                  sessionContext: {
                    sessionIssuer: { userName: [{ 'anything-but': { prefix: STACKSET_EXECUTION_ROLE_PREFIX } }] },
                  },
                },
              },
            ],
          },
        },
        Targets: [target('central-bus')],
      },
    },
  };
}
