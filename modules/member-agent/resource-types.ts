/**
 * Typed properties of the CloudFormation resource types the member template uses (only the
 * properties we set; names and shapes follow the CloudFormation resource reference).
 * @module
 */
import type { CfnResource, CfnString, PolicyDocument } from './cfn.js';

export interface Tag {
  Key: string;
  Value: CfnString;
}

export type DynamoDbTable = CfnResource<
  'AWS::DynamoDB::Table',
  {
    TableName: CfnString;
    BillingMode: 'PAY_PER_REQUEST';
    AttributeDefinitions: Array<{ AttributeName: string; AttributeType: 'S' | 'N' | 'B' }>;
    KeySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
    TimeToLiveSpecification: { AttributeName: string; Enabled: boolean };
    SSESpecification: { SSEEnabled: boolean };
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: boolean };
    DeletionProtectionEnabled?: boolean;
    Tags?: Tag[];
  }
>;

export type SqsQueue = CfnResource<
  'AWS::SQS::Queue',
  { QueueName: CfnString; SqsManagedSseEnabled: boolean; MessageRetentionPeriod: number; Tags?: Tag[] }
>;

export type LogGroup = CfnResource<
  'AWS::Logs::LogGroup',
  { LogGroupName: CfnString; RetentionInDays: number; Tags?: Tag[] }
>;

export type S3Bucket = CfnResource<
  'AWS::S3::Bucket',
  {
    BucketEncryption: {
      ServerSideEncryptionConfiguration: Array<{
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' | 'aws:kms' };
      }>;
    };
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: boolean;
      BlockPublicPolicy: boolean;
      IgnorePublicAcls: boolean;
      RestrictPublicBuckets: boolean;
    };
    OwnershipControls: { Rules: Array<{ ObjectOwnership: 'BucketOwnerEnforced' }> };
    LifecycleConfiguration: {
      Rules: Array<{
        Id: string;
        Status: 'Enabled';
        ExpirationInDays: number;
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: number };
      }>;
    };
    Tags?: Tag[];
  }
>;

export type S3BucketPolicy = CfnResource<
  'AWS::S3::BucketPolicy',
  { Bucket: CfnString; PolicyDocument: PolicyDocument }
>;

export type AthenaWorkGroup = CfnResource<
  'AWS::Athena::WorkGroup',
  {
    Name: CfnString;
    Description: string;
    State: 'ENABLED';
    RecursiveDeleteOption: boolean;
    WorkGroupConfiguration: {
      EnforceWorkGroupConfiguration: boolean;
      PublishCloudWatchMetricsEnabled: boolean;
      BytesScannedCutoffPerQuery: number;
      EngineVersion: { SelectedEngineVersion: string };
      ResultConfiguration: { OutputLocation: CfnString; EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } };
    };
    Tags?: Tag[];
  }
>;

export type GlueDatabase = CfnResource<
  'AWS::Glue::Database',
  { CatalogId: CfnString; DatabaseInput: { Name: string; Description: string } }
>;

/** A Glue column: lowercase name and Hive type. */
export interface GlueColumn {
  Name: string;
  Type: string;
  Comment?: string;
}

export type GlueTable = CfnResource<
  'AWS::Glue::Table',
  {
    CatalogId: CfnString;
    DatabaseName: CfnString;
    TableInput: {
      Name: string;
      Description: string;
      TableType: 'EXTERNAL_TABLE';
      Parameters: Record<string, CfnString>;
      PartitionKeys: GlueColumn[];
      StorageDescriptor: {
        Columns: GlueColumn[];
        Location: CfnString;
        InputFormat: string;
        OutputFormat: string;
        SerdeInfo: { SerializationLibrary: string; Parameters?: Record<string, string> };
      };
    };
  }
>;

export type IamRole = CfnResource<
  'AWS::IAM::Role',
  {
    RoleName: CfnString;
    Description: string;
    AssumeRolePolicyDocument: PolicyDocument;
    Policies: Array<{ PolicyName: string; PolicyDocument: PolicyDocument }>;
    Tags?: Tag[];
  }
>;

export type LambdaFunction = CfnResource<
  'AWS::Lambda::Function',
  {
    FunctionName: CfnString;
    Description: string;
    Runtime: 'nodejs22.x';
    Handler: string;
    Architectures: Array<'arm64' | 'x86_64'>;
    MemorySize: number;
    Timeout: number;
    ReservedConcurrentExecutions?: number;
    Role: CfnString;
    Code: { S3Bucket: CfnString; S3Key: CfnString; S3ObjectVersion?: CfnString };
    Environment: { Variables: Record<string, CfnString> };
    LoggingConfig: { LogGroup: CfnString; LogFormat: 'Text' | 'JSON' };
    Tags?: Tag[];
  }
>;

export type LambdaEventInvokeConfig = CfnResource<
  'AWS::Lambda::EventInvokeConfig',
  {
    FunctionName: CfnString;
    Qualifier: string;
    MaximumRetryAttempts: number;
    MaximumEventAgeInSeconds: number;
    DestinationConfig: { OnFailure: { Destination: CfnString } };
  }
>;

export type EventsRule = CfnResource<
  'AWS::Events::Rule',
  {
    Name: CfnString;
    Description: string;
    ScheduleExpression: string;
    State: 'ENABLED';
    Targets: Array<{
      Id: string;
      Arn: CfnString;
      RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
      DeadLetterConfig: { Arn: CfnString };
    }>;
  }
>;

/** A rule matching events on the account's default bus, forwarding them to the central bus through a role. */
export type EventsForwardRule = CfnResource<
  'AWS::Events::Rule',
  {
    Name: CfnString;
    Description: string;
    EventPattern: Record<string, unknown>;
    State: 'ENABLED';
    Targets: Array<{
      Id: string;
      Arn: CfnString;
      RoleArn: CfnString;
      RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
      DeadLetterConfig: { Arn: CfnString };
    }>;
  }
>;

export type LambdaPermission = CfnResource<
  'AWS::Lambda::Permission',
  {
    FunctionName: CfnString;
    Action: 'lambda:InvokeFunction';
    Principal: string;
    SourceArn: CfnString;
    SourceAccount?: CfnString;
  }
>;

export type SqsQueuePolicy = CfnResource<
  'AWS::SQS::QueuePolicy',
  { Queues: CfnString[]; PolicyDocument: PolicyDocument }
>;
