/**
 * The member-account agent as one CloudFormation template: what the StackSet puts in every account
 * (and a plain stack puts in the management account). Deploy-time values that change (the central bus,
 * the code location) are template parameters; the rest is fixed at synth from the config.
 * @module
 */
import type { MemberNames } from '../shared/names.js';
import { AGENT_CODE_KEY, CONFIG_OBJECT_KEY, TABLE_KEYS } from '../shared/names.js';
import { agentPolicy, type KmsKeyByAlias } from './agent-policy.js';
import { AWS_ACCOUNT_ID, AWS_REGION, findInMap, getAtt, join, ref, sub, type CfnTemplate } from './cfn.js';
import { accountTrailKey, trailTable, type TrailLocation } from './glue-table.js';
import type * as R from './resource-types.js';
import { stackWatchResources, type StackWatchResources } from './stack-watch.js';

/** The parameters the rollout passes to every stack (the same in every account and region). */
export const MEMBER_PARAMETERS = {
  busArn: 'CentralBusArn',
  agentVersion: 'AgentVersion',
} as const;

/**
 * The per-region values, in the template's Mappings (keyed by `AWS::Region`): which S3 object version of
 * the agent code runs there and which trail regions that agent reads. A new agent version is a new
 * template: each StackSet (the canary, then the rest) rolls it out with its own failure tolerance.
 */
export const AGENT_REGIONS_MAP = 'AgentRegions';

/** What one agent region runs. */
export interface AgentRegionSettings {
  /** S3 object version of `agent/detector.zip` in that region's artifact bucket. */
  codeVersion: string;
  /** Trail regions its agent reads; null: all of them (one agent region). */
  trailRegions: readonly string[] | null;
}

export interface MemberAgentOptions {
  partition: string;
  names: MemberNames;
  trail: TrailLocation & { kmsKeyArn?: string; kmsKeyAlias?: KmsKeyByAlias };
  detector: {
    memoryMb: number;
    timeoutSeconds: number;
    reservedConcurrency: boolean;
    scheduleMinutes: number;
    logRetentionDays: number;
    /** CT_* settings the handler reads (docs/architecture.md), besides the resource names set here. */
    settings: {
      maxWindowsPerRun: number;
      logLevel: string;
    };
  };
  athena: { bytesScannedCutoff: number; resultsExpiryDays: number };
  baseline: { pointInTimeRecovery: boolean };
  /** Forward the stack's deletion, drift and hand-made changes to the central bus (guard rail). */
  stackWatch: boolean;
  /** The artifact bucket's name with `${AWS::Region}` in it (one bucket per agent region, same pattern). */
  artifactBucketPattern: string;
  /** Agent region -> what runs there. */
  agentRegions: Record<string, AgentRegionSettings>;
  tags: Record<string, string>;
}

export interface MemberResources {
  BaselineTable: R.DynamoDbTable;
  DetectorDlq: R.SqsQueue;
  DetectorDlqPolicy: R.SqsQueuePolicy;
  DetectorLogGroup: R.LogGroup;
  QueryResultsBucket: R.S3Bucket;
  QueryResultsBucketPolicy: R.S3BucketPolicy;
  WorkGroup: R.AthenaWorkGroup;
  TrailDatabase: R.GlueDatabase;
  TrailTable: R.GlueTable;
  AgentRole: R.IamRole;
  DetectorFunction: R.LambdaFunction;
  DetectorInvokeConfig: R.LambdaEventInvokeConfig;
  DetectorSchedule: R.EventsRule;
  DetectorSchedulePermission: R.LambdaPermission;
}

/** The resources, with the stack watch's when it is on. */
export type MemberTemplateResources = MemberResources & Partial<StackWatchResources>;

/** The member-account template. */
export function memberAgentTemplate(options: MemberAgentOptions): CfnTemplate<MemberTemplateResources> {
  const { names, detector, partition: p } = options;
  const splitRegions = Object.values(options.agentRegions).some((r) => r.trailRegions !== null);
  const tags: R.Tag[] = Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value }));
  const keys = TABLE_KEYS;
  const scheduleSeconds = detector.scheduleMinutes * 60;
  const tlsOnly = (resource: ReturnType<typeof getAtt>) => ({
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny' as const,
    Principal: '*' as const,
    Action: 's3:*',
    Resource: [resource, join(resource, '/*')],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });

  const resources: MemberResources = {
    BaselineTable: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: names.baselineTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: keys.partitionKey, AttributeType: 'S' },
          { AttributeName: keys.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: keys.partitionKey, KeyType: 'HASH' },
          { AttributeName: keys.sortKey, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: keys.ttlAttribute, Enabled: true },
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: options.baseline.pointInTimeRecovery },
        Tags: tags,
      },
    },
    DetectorDlq: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: names.detectorDlq,
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
        Tags: tags,
      },
    },
    DetectorDlqPolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [ref('DetectorDlq')],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ScheduleDeliveryFailures',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: getAtt('DetectorDlq', 'Arn'),
              Condition: { ArnEquals: { 'aws:SourceArn': getAtt('DetectorSchedule', 'Arn') } },
            },
          ],
        },
      },
    },
    DetectorLogGroup: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: names.detectorLogGroup, RetentionInDays: detector.logRetentionDays, Tags: tags },
    },
    QueryResultsBucket: {
      Type: 'AWS::S3::Bucket',
      // Kept on stack deletion (a non-empty bucket cannot be deleted): it empties itself through expiry.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'expire-query-results',
              Status: 'Enabled',
              ExpirationInDays: options.athena.resultsExpiryDays,
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
          ],
        },
        Tags: tags,
      },
    },
    QueryResultsBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref('QueryResultsBucket'),
        PolicyDocument: { Version: '2012-10-17', Statement: [tlsOnly(getAtt('QueryResultsBucket', 'Arn'))] },
      },
    },
    WorkGroup: {
      Type: 'AWS::Athena::WorkGroup',
      Properties: {
        Name: names.workGroup,
        Description: 'ct-anomaly detector queries (results location and scan cutoff enforced)',
        State: 'ENABLED',
        RecursiveDeleteOption: true,
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: options.athena.bytesScannedCutoff,
          EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
          ResultConfiguration: {
            OutputLocation: join('s3://', ref('QueryResultsBucket'), '/athena/'),
            EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          },
        },
        Tags: tags,
      },
    },
    TrailDatabase: {
      Type: 'AWS::Glue::Database',
      Properties: {
        CatalogId: AWS_ACCOUNT_ID,
        DatabaseInput: { Name: names.glueDatabase, Description: 'ct-anomaly: the CloudTrail table of this account' },
      },
    },
    TrailTable: trailTable({ trail: options.trail, databaseRef: ref('TrailDatabase'), tableName: names.glueTable }),
    AgentRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: sub(`${names.agentRolePrefix}-\${AWS::Region}`),
        Description:
          'ct-anomaly detector: reads this account trail prefix, writes its baseline, publishes to the central bus',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': AWS_ACCOUNT_ID } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'detector',
            PolicyDocument: agentPolicy({
              partition: p,
              trail: options.trail,
              glueDatabase: names.glueDatabase,
              glueTable: names.glueTable,
              workGroup: names.workGroup,
              logical: {
                baselineTable: 'BaselineTable',
                resultsBucket: 'QueryResultsBucket',
                logGroup: 'DetectorLogGroup',
                dlq: 'DetectorDlq',
              },
              busArnParameter: MEMBER_PARAMETERS.busArn,
              config: { bucketPattern: options.artifactBucketPattern, key: CONFIG_OBJECT_KEY },
            }),
          },
        ],
        Tags: tags,
      },
    },
    DetectorFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: names.detectorFunction,
        Description: 'ct-anomaly agent: first-seen behaviour and rules over this account CloudTrail',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Architectures: ['arm64'],
        MemorySize: detector.memoryMb,
        Timeout: detector.timeoutSeconds,
        ...(detector.reservedConcurrency ? { ReservedConcurrentExecutions: 1 } : {}),
        Role: getAtt('AgentRole', 'Arn'),
        Code: {
          S3Bucket: sub(options.artifactBucketPattern),
          S3Key: AGENT_CODE_KEY,
          S3ObjectVersion: findInMap(AGENT_REGIONS_MAP, AWS_REGION, 'CodeVersion'),
        },
        Environment: {
          Variables: {
            CT_ACCOUNT_ID: AWS_ACCOUNT_ID,
            CT_BASELINE_TABLE: ref('BaselineTable'),
            CT_ATHENA_DATABASE: names.glueDatabase,
            CT_ATHENA_TABLE: names.glueTable,
            CT_ATHENA_WORKGROUP: ref('WorkGroup'),
            CT_BUS_ARN: ref(MEMBER_PARAMETERS.busArn),
            // The trail's files of this account and its regions: the query names the files of each delivery range.
            CT_TRAIL_LOCATION: join(`s3://${options.trail.bucket}/`, accountTrailKey(options.trail)),
            // With several agent regions, each reads its share of the trail's regions (the AgentRegions mapping).
            CT_TRAIL_REGIONS: splitRegions
              ? findInMap(AGENT_REGIONS_MAP, AWS_REGION, 'TrailRegions')
              : options.trail.regions.join(','),
            CT_CONFIG_URI: sub(`s3://${options.artifactBucketPattern}/${CONFIG_OBJECT_KEY}`),
            CT_MAX_WINDOWS_PER_RUN: String(detector.settings.maxWindowsPerRun),
            CT_LOG_LEVEL: detector.settings.logLevel,
            CT_AGENT_VERSION: ref(MEMBER_PARAMETERS.agentVersion),
            NODE_OPTIONS: '--enable-source-maps',
          },
        },
        LoggingConfig: { LogGroup: ref('DetectorLogGroup'), LogFormat: 'Text' },
        Tags: tags,
      },
    },
    DetectorInvokeConfig: {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: ref('DetectorFunction'),
        Qualifier: '$LATEST',
        // The next scheduled run resumes from the checkpoint, so one retry is enough and stale runs are dropped.
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: Math.min(21600, Math.max(60, scheduleSeconds)),
        DestinationConfig: { OnFailure: { Destination: getAtt('DetectorDlq', 'Arn') } },
      },
    },
    DetectorSchedule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: names.scheduleRule,
        Description: 'Runs the ct-anomaly detector',
        ScheduleExpression: `rate(${detector.scheduleMinutes} minutes)`,
        State: 'ENABLED',
        Targets: [
          {
            Id: 'detector',
            Arn: getAtt('DetectorFunction', 'Arn'),
            RetryPolicy: {
              MaximumRetryAttempts: 3,
              MaximumEventAgeInSeconds: Math.min(86400, Math.max(60, scheduleSeconds)),
            },
            DeadLetterConfig: { Arn: getAtt('DetectorDlq', 'Arn') },
          },
        ],
      },
    },
    DetectorSchedulePermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: ref('DetectorFunction'),
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: getAtt('DetectorSchedule', 'Arn'),
        SourceAccount: AWS_ACCOUNT_ID,
      },
    },
  };

  const watch = options.stackWatch
    ? stackWatchResources(
        {
          partition: p,
          forwarderRolePrefix: names.forwarderRolePrefix,
          stackEventsRule: names.stackEventsRule,
          stackCallsRule: names.stackCallsRule,
          busArnParameter: MEMBER_PARAMETERS.busArn,
          dlq: 'DetectorDlq',
        },
        tags,
      )
    : {};
  if (options.stackWatch) {
    // The forwarding rules may also drop undeliverable events into the detector's DLQ.
    resources.DetectorDlqPolicy.Properties.PolicyDocument.Statement[0]!.Condition = {
      ArnEquals: {
        'aws:SourceArn': [
          getAtt('DetectorSchedule', 'Arn'),
          getAtt('StackEventsRule', 'Arn'),
          getAtt('StackCallsRule', 'Arn'),
        ],
      },
    };
  }

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'ct-anomaly member agent: detector Lambda, baseline table, CloudTrail table (partition projection), Athena workgroup',
    Parameters: {
      [MEMBER_PARAMETERS.busArn]: {
        Type: 'String',
        Description: 'ARN of the central ct-anomaly event bus',
        AllowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/.+$',
      },
      [MEMBER_PARAMETERS.agentVersion]: {
        Type: 'String',
        Description: 'Version label of the agent code (its content hash), reported in every heartbeat',
        AllowedPattern: '^[A-Za-z0-9_.-]{1,128}$',
      },
    },
    Mappings: {
      [AGENT_REGIONS_MAP]: Object.fromEntries(
        Object.entries(options.agentRegions).map(([region, r]) => [
          region,
          { CodeVersion: r.codeVersion, TrailRegions: (r.trailRegions ?? []).join(',') || 'all' },
        ]),
      ),
    },
    Resources: { ...resources, ...watch },
    Outputs: {
      DetectorFunctionArn: { Description: 'The detector Lambda', Value: getAtt('DetectorFunction', 'Arn') },
      BaselineTableName: { Description: 'The baseline table', Value: ref('BaselineTable') },
      AgentRoleArn: {
        Description: 'The agent role (the log-archive bucket policy trusts this name)',
        Value: getAtt('AgentRole', 'Arn'),
      },
    },
  };
}
