/**
 * Rule-worthy logging and detection tampering, each with the request fields AWS logs, plus
 * near-misses: a StopLogging denied by an SCP, event selectors that add data events, a detector
 * re-enabled, one finding resolved, bucket logging turned on, versioning enabled.
 * @module
 */
import { MINUTE } from '../time.js';
import type { InjectionKit } from './kit.js';
import { inject, slots } from './rule-kit.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** Injects the logging and detection tampering cases. */
export function injectLoggingRules(kit: InjectionKit): void {
  const next = slots(kit, 0);
  const r = kit.rng;

  let s = next();
  const trailArn = (sl = s): string =>
    `arn:aws:cloudtrail:${sl.account.homeRegion}:${sl.account.id}:trail/${kit.res(sl.account).trailName}`;
  const stop = inject(
    kit,
    'rule',
    'aws.cloudtrail.trail-stopped',
    s,
    [{ api: 'cloudtrail:StopLogging', requestParameters: { name: trailArn() }, responseElements: null }],
    'StopLogging on the account trail by an administrator session (delivered twice).',
    { duplicateAfterMs: 20 * MINUTE },
  );
  kit.truth('duplicate', stop, {
    description: 'The same StopLogging event (same eventID) is delivered in two files; it must alert once.',
  });
  s = next();
  inject(
    kit,
    'negative',
    'aws.cloudtrail.trail-stopped',
    s,
    [
      {
        api: 'cloudtrail:StopLogging',
        requestParameters: { name: trailArn() },
        errorCode: 'AccessDenied',
        errorMessage: `User: ${s.session.identity.arn} is not authorized to perform: cloudtrail:StopLogging on resource: ${trailArn()} with an explicit deny in a service control policy`,
      },
    ],
    'StopLogging that failed with AccessDenied (an SCP blocks it): an attempt, not a stopped trail.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.cloudtrail.trail-deleted',
    s,
    [{ api: 'cloudtrail:DeleteTrail', requestParameters: { name: trailArn() }, responseElements: null }],
    'DeleteTrail on the account trail.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.cloudtrail.trail-deleted',
    s,
    [
      {
        api: 'cloudtrail:DeleteTrail',
        requestParameters: { name: 'old-test-trail' },
        errorCode: 'TrailNotFoundException',
        errorMessage: `Unknown trail: old-test-trail for the user: ${s.account.id}`,
      },
    ],
    'DeleteTrail of a trail that does not exist (failed).',
  );

  s = next();
  const selectorsDropped = [
    {
      readWriteType: 'All',
      includeManagementEvents: false,
      dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
      excludeManagementEventSources: [],
    },
  ];
  inject(
    kit,
    'rule',
    'aws.cloudtrail.management-events-excluded',
    s,
    [
      {
        api: 'cloudtrail:PutEventSelectors',
        requestParameters: { trailName: kit.res(s.account).trailName, eventSelectors: selectorsDropped },
        responseElements: { trailARN: trailArn(), eventSelectors: selectorsDropped },
      },
    ],
    'PutEventSelectors with includeManagementEvents=false: the trail stops recording management events.',
  );
  s = next();
  const advanced = [
    {
      name: 'S3 data events only',
      fieldSelectors: [
        { field: 'eventCategory', equals: ['Data'] },
        { field: 'resources.type', equals: ['AWS::S3::Object'] },
      ],
    },
  ];
  inject(
    kit,
    'rule',
    'aws.cloudtrail.management-events-excluded',
    s,
    [
      {
        api: 'cloudtrail:PutAdvancedEventSelectors',
        requestParameters: { trailName: kit.res(s.account).trailName, advancedEventSelectors: advanced },
        responseElements: { trailARN: trailArn(), advancedEventSelectors: advanced },
      },
    ],
    'PutAdvancedEventSelectors keeping only S3 data events: management events are no longer logged.',
  );
  s = next();
  const readOnlyOnly = [
    { readWriteType: 'ReadOnly', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] },
  ];
  inject(
    kit,
    'rule',
    'aws.cloudtrail.management-events-excluded',
    s,
    [
      {
        api: 'cloudtrail:PutEventSelectors',
        requestParameters: { trailName: kit.res(s.account).trailName, eventSelectors: readOnlyOnly },
        responseElements: { trailARN: trailArn(), eventSelectors: readOnlyOnly },
      },
    ],
    'PutEventSelectors with readWriteType=ReadOnly: write management events are no longer logged.',
  );
  s = next();
  const withData = [
    {
      readWriteType: 'All',
      includeManagementEvents: true,
      dataResources: [{ type: 'AWS::S3::Object', values: [`arn:aws:s3:::${kit.res(s.account).buckets[1]}/`] }],
      excludeManagementEventSources: [],
    },
  ];
  inject(
    kit,
    'negative',
    'aws.cloudtrail.management-events-excluded',
    s,
    [
      {
        api: 'cloudtrail:PutEventSelectors',
        requestParameters: { trailName: kit.res(s.account).trailName, eventSelectors: withData },
        responseElements: { trailARN: trailArn(), eventSelectors: withData },
      },
    ],
    'PutEventSelectors that keeps all management events and adds S3 data events for one bucket.',
  );

  s = next();
  inject(
    kit,
    'rule',
    'aws.config.recorder-stopped',
    s,
    [
      {
        api: 'config:StopConfigurationRecorder',
        requestParameters: { configurationRecorderName: 'default' },
        responseElements: null,
      },
    ],
    'AWS Config recorder stopped.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.config.recorder-stopped',
    s,
    [
      {
        api: 'config:DeleteConfigurationRecorder',
        requestParameters: { configurationRecorderName: 'default' },
        responseElements: null,
      },
    ],
    'AWS Config recorder deleted.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.config.recorder-stopped',
    s,
    [
      {
        api: 'config:StartConfigurationRecorder',
        requestParameters: { configurationRecorderName: 'default' },
        responseElements: null,
      },
    ],
    'AWS Config recorder started (the opposite).',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.config.delivery-channel-deleted',
    s,
    [
      {
        api: 'config:DeleteDeliveryChannel',
        requestParameters: { deliveryChannelName: 'default' },
        responseElements: null,
      },
    ],
    'AWS Config delivery channel deleted.',
  );

  s = next();
  inject(
    kit,
    'rule',
    'aws.guardduty.detector-deleted',
    s,
    [
      {
        api: 'guardduty:DeleteDetector',
        requestParameters: { detectorId: kit.res(s.account).detectorId },
        responseElements: null,
      },
    ],
    'GuardDuty detector deleted.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.guardduty.detector-disabled',
    s,
    [
      {
        api: 'guardduty:UpdateDetector',
        requestParameters: { detectorId: kit.res(s.account).detectorId, enable: false },
        responseElements: null,
      },
    ],
    'GuardDuty detector disabled (UpdateDetector enable=false).',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.guardduty.detector-disabled',
    s,
    [
      {
        api: 'guardduty:UpdateDetector',
        requestParameters: {
          detectorId: kit.res(s.account).detectorId,
          enable: true,
          findingPublishingFrequency: 'FIFTEEN_MINUTES',
        },
        responseElements: null,
      },
    ],
    'GuardDuty UpdateDetector that keeps it enabled and changes the publishing frequency.',
  );

  s = next();
  inject(
    kit,
    'rule',
    'aws.securityhub.disabled',
    s,
    [{ api: 'securityhub:DisableSecurityHub', requestParameters: null, responseElements: null }],
    'Security Hub disabled in the account.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.securityhub.disabled',
    s,
    [
      {
        api: 'securityhub:EnableSecurityHub',
        requestParameters: { EnableDefaultStandards: true },
        responseElements: null,
      },
    ],
    'Security Hub enabled (the opposite).',
  );
  s = next();
  const findingId = (): { Id: string; ProductArn: string } => ({
    Id: `arn:aws:guardduty:${s.account.homeRegion}:${s.account.id}:detector/${kit.res(s.account).detectorId}/finding/${r.hex(32)}`,
    ProductArn: `arn:aws:securityhub:${s.account.homeRegion}::product/aws/guardduty`,
  });
  const bulk = Array.from({ length: 40 }, findingId);
  inject(
    kit,
    'rule',
    'aws.securityhub.findings-suppressed',
    s,
    [
      {
        api: 'securityhub:BatchUpdateFindings',
        requestParameters: {
          FindingIdentifiers: bulk,
          Workflow: { Status: 'SUPPRESSED' },
          Note: { Text: 'noise', UpdatedBy: 'cleanup' },
        },
        responseElements: { ProcessedFindings: bulk, UnprocessedFindings: [] },
      },
    ],
    '40 GuardDuty findings suppressed in one BatchUpdateFindings call.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.securityhub.findings-suppressed',
    s,
    [
      {
        api: 'securityhub:CreateAutomationRule',
        requestParameters: {
          RuleName: 'suppress-guardduty',
          RuleStatus: 'ENABLED',
          RuleOrder: 1,
          Description: 'too noisy',
          Criteria: { ProductName: [{ Value: 'GuardDuty', Comparison: 'EQUALS' }] },
          Actions: [{ Type: 'FINDING_FIELDS_UPDATE', FindingFieldsUpdate: { Workflow: { Status: 'SUPPRESSED' } } }],
        },
        responseElements: {
          RuleArn: `arn:aws:securityhub:${s.account.homeRegion}:${s.account.id}:automation-rule/${r.uuid()}`,
        },
      },
    ],
    'A Security Hub automation rule that suppresses every GuardDuty finding.',
  );
  s = next();
  const two = [findingId(), findingId()];
  inject(
    kit,
    'negative',
    'aws.securityhub.findings-suppressed',
    s,
    [
      {
        api: 'securityhub:BatchUpdateFindings',
        requestParameters: {
          FindingIdentifiers: two,
          Workflow: { Status: 'RESOLVED' },
          Note: { Text: 'fixed in PR 412', UpdatedBy: 'alice' },
        },
        responseElements: { ProcessedFindings: two, UnprocessedFindings: [] },
      },
    ],
    'Two findings marked RESOLVED after a fix: routine triage.',
  );

  s = next();
  const flowLog = kit.res(s.account).flowLogIds[0] as string;
  inject(
    kit,
    'rule',
    'aws.ec2.flow-logs-deleted',
    s,
    [
      {
        api: 'ec2:DeleteFlowLogs',
        requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { tag: 1, content: flowLog } } },
        responseElements: { DeleteFlowLogsResponse: { xmlns: EC2_NS, requestId: r.uuid(), unsuccessful: '' } },
      },
    ],
    `VPC flow log ${flowLog} deleted.`,
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.ec2.flow-logs-deleted',
    s,
    [
      {
        api: 'ec2:CreateFlowLogs',
        requestParameters: {
          CreateFlowLogsRequest: {
            ResourceId: { tag: 1, content: `vpc-0${r.hex(16)}` },
            ResourceType: 'VPC',
            TrafficType: 'ALL',
            LogDestinationType: 'cloud-watch-logs',
            LogGroupName: '/aws/vpc/flow-logs',
          },
        },
        responseElements: {
          CreateFlowLogsResponse: {
            xmlns: EC2_NS,
            requestId: r.uuid(),
            flowLogIdSet: { item: `fl-0${r.hex(16)}` },
            unsuccessful: '',
          },
        },
      },
    ],
    'VPC flow logs created (the opposite).',
  );
  s = next();
  const rqlc = `rqlc-${r.hex(16)}`;
  inject(
    kit,
    'rule',
    'aws.route53resolver.query-logging-deleted',
    s,
    [
      {
        api: 'route53resolver:DeleteResolverQueryLogConfig',
        requestParameters: { resolverQueryLogConfigId: rqlc },
        responseElements: {
          resolverQueryLogConfig: {
            id: rqlc,
            ownerId: s.account.id,
            status: 'DELETING',
            shareStatus: 'NOT_SHARED',
            associationCount: 0,
            name: 'dns-query-logs',
          },
        },
      },
    ],
    'Route 53 Resolver query logging configuration deleted.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.route53resolver.query-logging-deleted',
    s,
    [
      {
        api: 'route53resolver:DisassociateResolverQueryLogConfig',
        requestParameters: { resolverQueryLogConfigId: `rqlc-${r.hex(16)}`, resourceId: `vpc-0${r.hex(16)}` },
        responseElements: { resolverQueryLogConfigAssociation: { status: 'DELETING' } },
      },
    ],
    'Route 53 Resolver query logging detached from the VPC.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.logs.log-group-deleted',
    s,
    [{ api: 'logs:DeleteLogGroup', requestParameters: { logGroupName: '/aws/vpc/flow-logs' }, responseElements: null }],
    'CloudWatch log group of the VPC flow logs deleted.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.logs.log-stream-deleted',
    s,
    [
      {
        api: 'logs:DeleteLogStream',
        requestParameters: {
          logGroupName: `/app/${s.account.name}`,
          logStreamName: Object.values(kit.res(s.account).instances)[0]?.[0] ?? 'i-0',
        },
        responseElements: null,
      },
    ],
    'An instance log stream deleted.',
  );

  s = next();
  const b = (i = 1): string => kit.res(s.account).buckets[i] as string;
  const host = (): string => `${b()}.s3.${s.account.homeRegion}.amazonaws.com`;
  inject(
    kit,
    'rule',
    'aws.s3.access-logging-disabled',
    s,
    [
      {
        api: 's3:PutBucketLogging',
        requestParameters: { bucketName: b(), Host: host(), logging: '', BucketLoggingStatus: { xmlns: S3_NS } },
      },
    ],
    'S3 server access logging turned off (empty BucketLoggingStatus).',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.s3.access-logging-disabled',
    s,
    [
      {
        api: 's3:PutBucketLogging',
        requestParameters: {
          bucketName: b(),
          Host: host(),
          logging: '',
          BucketLoggingStatus: { xmlns: S3_NS, LoggingEnabled: { TargetBucket: b(2), TargetPrefix: `access/${b()}/` } },
        },
      },
    ],
    'S3 server access logging turned on.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.s3.versioning-suspended',
    s,
    [
      {
        api: 's3:PutBucketVersioning',
        requestParameters: {
          bucketName: b(3),
          Host: host(),
          versioning: '',
          VersioningConfiguration: { Status: 'Suspended', xmlns: S3_NS },
        },
      },
    ],
    'Versioning suspended on the backups bucket.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.s3.versioning-suspended',
    s,
    [
      {
        api: 's3:PutBucketVersioning',
        requestParameters: {
          bucketName: b(),
          Host: host(),
          versioning: '',
          VersioningConfiguration: { Status: 'Enabled', xmlns: S3_NS },
        },
      },
    ],
    'Versioning enabled on a bucket.',
  );

  s = next();
  inject(
    kit,
    'rule',
    'aws.ec2.ebs-default-encryption-disabled',
    s,
    [
      {
        api: 'ec2:DisableEbsEncryptionByDefault',
        requestParameters: { DisableEbsEncryptionByDefaultRequest: '' },
        responseElements: {
          DisableEbsEncryptionByDefaultResponse: { xmlns: EC2_NS, requestId: r.uuid(), ebsEncryptionByDefault: false },
        },
      },
    ],
    'EBS encryption by default disabled in the region.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.ec2.ebs-default-encryption-disabled',
    s,
    [
      {
        api: 'ec2:EnableEbsEncryptionByDefault',
        requestParameters: { EnableEbsEncryptionByDefaultRequest: '' },
        responseElements: {
          EnableEbsEncryptionByDefaultResponse: { xmlns: EC2_NS, requestId: r.uuid(), ebsEncryptionByDefault: true },
        },
      },
    ],
    'EBS encryption by default enabled.',
  );
}
