/**
 * Rule-worthy exposure, destruction, credential and organization events. Near-misses: policies
 * limited to the organization, private ACLs, snapshots and images shared inside the organization,
 * security groups opened to private ranges, deny rules, key deletion cancelled, final snapshots.
 * @module
 */
import { action } from '../actions.js';
import { accessKeyId, assumedRole } from '../identity.js';
import { AccountKind } from '../org.js';
import { DAY, isoSeconds, javaDate } from '../time.js';
import { UaFamily } from '../user-agents.js';
import type { InjectionKit } from './kit.js';
import { type Slot, inject, slots } from './rule-kit.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const EXTERNAL_ACCOUNT = '444455556666';
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** Injects the exposure, destruction, credentials and organization cases. */
export function injectExposureRules(kit: InjectionKit): void {
  const next = slots(kit, 19);
  const r = kit.rng;
  const n = kit.accounts.length;
  const inOrg = (s: Slot): string => kit.accounts[(s.account.index + 1) % n]!.id;
  let s = next();
  const bucket = (i = 1): string => kit.res(s.account).buckets[i] as string;
  const host = (): string => `${bucket()}.s3.${s.account.homeRegion}.amazonaws.com`;
  const policy = (principal: unknown, condition?: unknown): Record<string, unknown> => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Read',
        Effect: 'Allow',
        Principal: principal,
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${bucket()}/*`,
        ...(condition !== undefined ? { Condition: condition } : {}),
      },
    ],
  });
  inject(
    kit,
    'rule',
    'aws.s3.bucket-policy-public',
    s,
    [
      {
        api: 's3:PutBucketPolicy',
        requestParameters: { bucketName: bucket(), Host: host(), policy: '', bucketPolicy: policy('*') },
      },
    ],
    'Bucket policy granting s3:GetObject to Principal "*".',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.s3.bucket-policy-public',
    s,
    [
      {
        api: 's3:PutBucketPolicy',
        requestParameters: { bucketName: bucket(), Host: host(), policy: '', bucketPolicy: policy({ AWS: '*' }) },
      },
    ],
    'Bucket policy granting s3:GetObject to Principal {"AWS": "*"}.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.s3.bucket-policy-public',
    s,
    [
      {
        api: 's3:PutBucketPolicy',
        requestParameters: {
          bucketName: bucket(),
          Host: host(),
          policy: '',
          bucketPolicy: policy('*', { StringEquals: { 'aws:PrincipalOrgID': kit.ctx.org.id } }),
        },
      },
    ],
    'Principal "*" restricted to the organization with aws:PrincipalOrgID.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.s3.bucket-acl-public',
    s,
    [
      {
        api: 's3:PutBucketAcl',
        requestParameters: {
          bucketName: bucket(),
          Host: host(),
          acl: '',
          AccessControlPolicy: {
            xmlns: S3_NS,
            Owner: { ID: r.hex(64) },
            AccessControlList: {
              Grant: [
                {
                  Grantee: {
                    'xsi:type': 'CanonicalUser',
                    ID: r.hex(64),
                    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
                  },
                  Permission: 'FULL_CONTROL',
                },
                {
                  Grantee: {
                    'xsi:type': 'Group',
                    URI: ALL_USERS,
                    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
                  },
                  Permission: 'READ',
                },
              ],
            },
          },
        },
      },
    ],
    'Bucket ACL granting READ to AllUsers.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.s3.bucket-acl-public',
    s,
    [
      {
        api: 's3:PutBucketAcl',
        requestParameters: { bucketName: bucket(), Host: host(), acl: '', 'x-amz-acl': ['public-read'] },
      },
    ],
    'Canned ACL public-read on a bucket.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.s3.bucket-acl-public',
    s,
    [
      {
        api: 's3:PutBucketAcl',
        requestParameters: { bucketName: bucket(), Host: host(), acl: '', 'x-amz-acl': ['private'] },
      },
    ],
    'Canned ACL private.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.s3.public-access-block-deleted',
    s,
    [
      {
        api: 's3:DeleteBucketPublicAccessBlock',
        requestParameters: { bucketName: bucket(), Host: host(), publicAccessBlock: '' },
      },
    ],
    'Bucket public access block deleted.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.s3.public-access-block-deleted',
    s,
    [
      {
        api: 's3:DeleteAccountPublicAccessBlock',
        requestParameters: {
          accountId: s.account.id,
          Host: `${s.account.id}.s3-control.${s.account.homeRegion}.amazonaws.com`,
        },
      },
    ],
    'Account-wide S3 public access block deleted.',
  );
  s = next();
  const pab = (on: boolean): Record<string, unknown> => ({
    xmlns: S3_NS,
    BlockPublicAcls: on,
    IgnorePublicAcls: on,
    BlockPublicPolicy: on,
    RestrictPublicBuckets: on,
  });
  inject(
    kit,
    'rule',
    'aws.s3.public-access-block-deleted',
    s,
    [
      {
        api: 's3:PutBucketPublicAccessBlock',
        requestParameters: {
          bucketName: bucket(),
          Host: host(),
          publicAccessBlock: '',
          PublicAccessBlockConfiguration: pab(false),
        },
      },
    ],
    'Every public access block setting turned off (what the console does when "Block all public access" is unticked).',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.s3.public-access-block-deleted',
    s,
    [
      {
        api: 's3:PutBucketPublicAccessBlock',
        requestParameters: {
          bucketName: bucket(),
          Host: host(),
          publicAccessBlock: '',
          PublicAccessBlockConfiguration: pab(true),
        },
      },
    ],
    'Every public access block setting turned on.',
  );

  const ec2Ok = (): Record<string, unknown> => ({ requestId: r.uuid(), _return: true });
  const snap = (
    userOrGroup: Record<string, string>,
    snapshotId = kit.res(s.account).snapshots[0],
  ): Record<string, unknown> => ({
    snapshotId,
    attributeType: 'CREATE_VOLUME_PERMISSION',
    createVolumePermission: { add: { items: [userOrGroup] } },
  });
  s = next();
  inject(
    kit,
    'rule',
    'aws.ec2.snapshot-shared',
    s,
    [
      {
        api: 'ec2:ModifySnapshotAttribute',
        requestParameters: snap({ userId: EXTERNAL_ACCOUNT }),
        responseElements: ec2Ok(),
      },
    ],
    `EBS snapshot shared with ${EXTERNAL_ACCOUNT}, outside the organization.`,
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.ec2.snapshot-shared',
    s,
    [{ api: 'ec2:ModifySnapshotAttribute', requestParameters: snap({ group: 'all' }), responseElements: ec2Ok() }],
    'EBS snapshot made public (group all).',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.ec2.snapshot-shared',
    s,
    [{ api: 'ec2:ModifySnapshotAttribute', requestParameters: snap({ userId: inOrg(s) }), responseElements: ec2Ok() }],
    'EBS snapshot shared with another account of the organization.',
  );
  const image = (item: Record<string, string>): Record<string, unknown> => ({
    imageId: kit.res(s.account).images[0],
    launchPermission: { add: { items: [item] } },
    attributeType: 'launchPermission',
  });
  s = next();
  inject(
    kit,
    'rule',
    'aws.ec2.ami-shared',
    s,
    [{ api: 'ec2:ModifyImageAttribute', requestParameters: image({ group: 'all' }), responseElements: ec2Ok() }],
    'AMI made public.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.ec2.ami-shared',
    s,
    [{ api: 'ec2:ModifyImageAttribute', requestParameters: image({ userId: inOrg(s) }), responseElements: ec2Ok() }],
    'AMI shared with another account of the organization.',
  );
  const dbSnap = (): string => `${kit.res(s.account).dbInstances[0]}-2026-manual`;
  s = next();
  inject(
    kit,
    'rule',
    'aws.rds.snapshot-shared',
    s,
    [
      {
        api: 'rds:ModifyDBSnapshotAttribute',
        requestParameters: { dBSnapshotIdentifier: dbSnap(), attributeName: 'restore', valuesToAdd: ['all'] },
        responseElements: {
          dBSnapshotIdentifier: dbSnap(),
          dBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: ['all'] }],
        },
      },
    ],
    'RDS snapshot made public.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.rds.snapshot-shared',
    s,
    [
      {
        api: 'rds:ModifyDBClusterSnapshotAttribute',
        requestParameters: {
          dBClusterSnapshotIdentifier: `${dbSnap()}-cluster`,
          attributeName: 'restore',
          valuesToAdd: [EXTERNAL_ACCOUNT],
        },
        responseElements: {
          dBClusterSnapshotIdentifier: `${dbSnap()}-cluster`,
          dBClusterSnapshotAttributes: [{ attributeName: 'restore', attributeValues: [EXTERNAL_ACCOUNT] }],
        },
      },
    ],
    `RDS cluster snapshot shared with ${EXTERNAL_ACCOUNT}.`,
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.rds.snapshot-shared',
    s,
    [
      {
        api: 'rds:ModifyDBSnapshotAttribute',
        requestParameters: { dBSnapshotIdentifier: dbSnap(), attributeName: 'restore', valuesToAdd: [inOrg(s)] },
        responseElements: {
          dBSnapshotIdentifier: dbSnap(),
          dBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: [inOrg(s)] }],
        },
      },
    ],
    'RDS snapshot shared with another account of the organization.',
  );
  const db = (): string => kit.res(s.account).dbInstances[0] as string;
  s = next();
  inject(
    kit,
    'rule',
    'aws.rds.instance-made-public',
    s,
    [
      {
        api: 'rds:ModifyDBInstance',
        requestParameters: { dBInstanceIdentifier: db(), publiclyAccessible: true, applyImmediately: true },
        responseElements: {
          dBInstanceIdentifier: db(),
          dBInstanceClass: 'db.t4g.medium',
          engine: 'postgres',
          dBInstanceStatus: 'modifying',
          publiclyAccessible: true,
          dBInstanceArn: `arn:aws:rds:${s.account.homeRegion}:${s.account.id}:db:${db()}`,
        },
      },
    ],
    'RDS instance made publicly accessible.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.rds.instance-made-public',
    s,
    [
      {
        api: 'rds:ModifyDBInstance',
        requestParameters: { dBInstanceIdentifier: db(), allocatedStorage: 200, applyImmediately: false },
        responseElements: {
          dBInstanceIdentifier: db(),
          dBInstanceClass: 'db.t4g.medium',
          engine: 'postgres',
          dBInstanceStatus: 'available',
          publiclyAccessible: false,
        },
      },
    ],
    'RDS storage increased; the instance stays private.',
  );

  const sg = (): string => kit.res(s.account).securityGroups[0] as string;
  const ingress = (range: Record<string, unknown>, port: number): Record<string, unknown> => ({
    groupId: sg(),
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          groups: {},
          ipRanges: 'cidrIp' in range ? { items: [range] } : {},
          ipv6Ranges: 'cidrIpv6' in range ? { items: [range] } : {},
          prefixListIds: {},
        },
      ],
    },
  });
  const sgResponse = (range: Record<string, unknown>, port: number): Record<string, unknown> => ({
    requestId: r.uuid(),
    _return: true,
    securityGroupRuleSet: {
      items: [
        {
          groupOwnerId: s.account.id,
          groupId: sg(),
          securityGroupRuleId: `sgr-0${r.hex(16)}`,
          isEgress: false,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          ...('cidrIp' in range ? { cidrIpv4: range.cidrIp } : { cidrIpv6: range.cidrIpv6 }),
        },
      ],
    },
  });
  s = next();
  inject(
    kit,
    'rule',
    'aws.ec2.security-group-opened-to-world',
    s,
    [
      {
        api: 'ec2:AuthorizeSecurityGroupIngress',
        requestParameters: ingress({ cidrIp: '0.0.0.0/0' }, 22),
        responseElements: sgResponse({ cidrIp: '0.0.0.0/0' }, 22),
      },
    ],
    'SSH (22) opened to 0.0.0.0/0.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.ec2.security-group-opened-to-world',
    s,
    [
      {
        api: 'ec2:AuthorizeSecurityGroupIngress',
        requestParameters: ingress({ cidrIpv6: '::/0' }, 3389),
        responseElements: sgResponse({ cidrIpv6: '::/0' }, 3389),
      },
    ],
    'RDP (3389) opened to ::/0.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.ec2.security-group-opened-to-world',
    s,
    [
      {
        api: 'ec2:AuthorizeSecurityGroupIngress',
        requestParameters: ingress({ cidrIp: '10.0.0.0/8' }, 5432),
        responseElements: sgResponse({ cidrIp: '10.0.0.0/8' }, 5432),
      },
    ],
    'PostgreSQL opened to 10.0.0.0/8 (private).',
  );
  s = next();
  const office = `${kit.ctx.org.offices[0]?.ips[0] ?? '81.2.69.1'}/32`;
  inject(
    kit,
    'negative',
    'aws.ec2.security-group-opened-to-world',
    s,
    [
      {
        api: 'ec2:AuthorizeSecurityGroupIngress',
        requestParameters: ingress({ cidrIp: office, description: 'office' }, 22),
        responseElements: sgResponse({ cidrIp: office }, 22),
      },
    ],
    'SSH opened to the office /32.',
  );
  const nacl = (cidr: Record<string, string>, ruleAction: string): Record<string, unknown> => ({
    networkAclId: kit.res(s.account).networkAcls[0],
    ruleNumber: 90,
    egress: false,
    ruleAction,
    icmpTypeCode: {},
    portRange: { from: 0, to: 65535 },
    aclProtocol: '-1',
    ...cidr,
  });
  s = next();
  inject(
    kit,
    'rule',
    'aws.ec2.network-acl-opened-to-world',
    s,
    [
      {
        api: 'ec2:CreateNetworkAclEntry',
        requestParameters: nacl({ cidrBlock: '0.0.0.0/0' }, 'allow'),
        responseElements: ec2Ok(),
      },
    ],
    'Network ACL entry allowing all traffic from 0.0.0.0/0.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.ec2.network-acl-opened-to-world',
    s,
    [
      {
        api: 'ec2:ReplaceNetworkAclEntry',
        requestParameters: nacl({ ipv6CidrBlock: '::/0' }, 'allow'),
        responseElements: ec2Ok(),
      },
    ],
    'Network ACL entry replaced to allow all traffic from ::/0.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.ec2.network-acl-opened-to-world',
    s,
    [
      {
        api: 'ec2:CreateNetworkAclEntry',
        requestParameters: nacl({ cidrBlock: '0.0.0.0/0' }, 'deny'),
        responseElements: ec2Ok(),
      },
    ],
    'Network ACL entry DENYING 0.0.0.0/0.',
  );

  const keyArn = (): string =>
    `arn:aws:kms:${s.account.homeRegion}:${s.account.id}:key/${kit.res(s.account).kmsKeyIds[1]}`;
  const keyResource = (): Array<Record<string, string>> => [
    { accountId: s.account.id, type: 'AWS::KMS::Key', ARN: keyArn() },
  ];
  s = next();
  inject(
    kit,
    'rule',
    'aws.kms.key-disabled',
    s,
    [
      {
        api: 'kms:DisableKey',
        requestParameters: { keyId: keyArn() },
        responseElements: null,
        resources: keyResource(),
      },
    ],
    'KMS key disabled.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.kms.key-disabled',
    s,
    [
      {
        api: 'kms:EnableKey',
        requestParameters: { keyId: keyArn() },
        responseElements: null,
        resources: keyResource(),
      },
    ],
    'KMS key enabled (the opposite).',
  );
  s = next();
  const deletion = Math.ceil((s.time + 7 * DAY) / DAY) * DAY;
  inject(
    kit,
    'rule',
    'aws.kms.key-deletion-scheduled',
    s,
    [
      {
        api: 'kms:ScheduleKeyDeletion',
        requestParameters: { keyId: keyArn(), pendingWindowInDays: 7 },
        responseElements: {
          keyId: keyArn(),
          deletionDate: javaDate(deletion),
          keyState: 'PendingDeletion',
          pendingWindowInDays: 7,
        },
        resources: keyResource(),
      },
    ],
    'KMS key scheduled for deletion in 7 days.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.kms.key-deletion-scheduled',
    s,
    [
      {
        api: 'kms:CancelKeyDeletion',
        requestParameters: { keyId: keyArn() },
        responseElements: { keyId: keyArn() },
        resources: keyResource(),
      },
    ],
    'A scheduled KMS key deletion cancelled.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.rds.automated-backups-deleted',
    s,
    [
      {
        api: 'rds:DeleteDBInstanceAutomatedBackup',
        requestParameters: { dbiResourceId: `db-${r.key(26)}` },
        responseElements: { dBInstanceIdentifier: db(), status: 'deleting', engine: 'postgres' },
      },
    ],
    'Retained RDS automated backups deleted.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.rds.automated-backups-deleted',
    s,
    [
      {
        api: 'rds:DeleteDBInstance',
        requestParameters: {
          dBInstanceIdentifier: kit.res(s.account).dbInstances[1],
          skipFinalSnapshot: true,
          deleteAutomatedBackups: true,
        },
        responseElements: { dBInstanceIdentifier: kit.res(s.account).dbInstances[1], dBInstanceStatus: 'deleting' },
      },
    ],
    'RDS instance deleted with its automated backups and no final snapshot.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.rds.automated-backups-deleted',
    s,
    [
      {
        api: 'rds:DeleteDBInstance',
        requestParameters: {
          dBInstanceIdentifier: kit.res(s.account).dbInstances[1],
          skipFinalSnapshot: false,
          finalDBSnapshotIdentifier: `${kit.res(s.account).dbInstances[1]}-final`,
          deleteAutomatedBackups: false,
        },
        responseElements: { dBInstanceIdentifier: kit.res(s.account).dbInstances[1], dBInstanceStatus: 'deleting' },
      },
    ],
    'RDS instance deleted keeping a final snapshot and the automated backups.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.s3.bucket-encryption-deleted',
    s,
    [{ api: 's3:DeleteBucketEncryption', requestParameters: { bucketName: bucket(), Host: host(), encryption: '' } }],
    'Default encryption removed from a bucket.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.s3.bucket-encryption-deleted',
    s,
    [
      {
        api: 's3:PutBucketEncryption',
        requestParameters: {
          bucketName: bucket(),
          Host: host(),
          encryption: '',
          ServerSideEncryptionConfiguration: {
            xmlns: S3_NS,
            Rule: {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: `arn:aws:kms:${s.account.homeRegion}:${s.account.id}:key/${kit.res(s.account).kmsKeyIds[0]}`,
              },
              BucketKeyEnabled: true,
            },
          },
        },
      },
    ],
    'Default encryption set to SSE-KMS.',
  );

  const workload = kit.accounts.filter((a) => a.kind === AccountKind.Workload).slice(-1)[0];
  const app = workload === undefined ? undefined : kit.principal(workload, 'instance/app-server-role');
  if (workload !== undefined && app !== undefined) {
    const day = kit.afterLearning(0, 8);
    const t = kit.at(day, 19.6);
    const instanceId = (app.instances ?? [])[0] ?? 'i-0';
    const identity = assumedRole({
      role: app.role!,
      sessionName: instanceId,
      accessKeyId: accessKeyId(r, 'ASIA'),
      creationDate: isoSeconds(t - 2 * 3_600_000),
      ec2RoleDelivery: '2.0',
    });
    const stolen: Slot = {
      account: workload,
      day,
      time: t,
      session: { identity, sourceIp: '91.219.237.244', ua: UaFamily.Cli, uaVariant: 0, console: false },
    };
    const off = inject(
      kit,
      'rule',
      'aws.sts.instance-credentials-used-off-instance',
      stolen,
      [{ api: action('ec2:DescribeInstances') }, { api: action('s3:ListBuckets'), region: 'us-east-1', after: 40 }],
      `Credentials of ${instanceId} (app-server-role) used from 91.219.237.244, a laptop outside AWS.`,
    );
    kit.truth('first-seen', off.slice(0, 1), {
      description: 'app-server-role never described instances before (stolen instance credentials).',
    });
    kit.truth('first-seen', off.slice(1), {
      description: 'app-server-role never listed buckets before (stolen instance credentials).',
    });
    const endpoint: Slot = {
      ...stolen,
      time: t - 3_600_000,
      session: {
        ...stolen.session,
        sourceIp: `${workload.vpcPrefix}.12.34`,
        vpcEndpointId: `vpce-0${r.hex(16)}`,
        ua: UaFamily.JsSdk,
      },
    };
    inject(
      kit,
      'negative',
      'aws.sts.instance-credentials-used-off-instance',
      endpoint,
      [{ api: action('kms:Decrypt'), requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' } }],
      'Instance credentials used through a VPC interface endpoint (private source IP): on the instance.',
    );
  }
  s = next();
  inject(
    kit,
    'rule',
    'aws.general.offensive-tool-user-agent',
    { ...s, session: { ...s.session, ua: UaFamily.Kali, uaVariant: 0 } },
    [{ api: action('iam:ListRoles') }],
    'An administrator session calling IAM from a Kali Linux CLI.',
  );

  s = next(n - 1);
  inject(
    kit,
    'rule',
    'aws.organizations.leave-organization',
    s,
    [{ api: 'organizations:LeaveOrganization', region: 'us-east-1', requestParameters: null, responseElements: null }],
    'A member account left the organization.',
  );
  s = next(Math.max(0, n - 2));
  inject(
    kit,
    'negative',
    'aws.organizations.leave-organization',
    s,
    [
      {
        api: 'organizations:LeaveOrganization',
        region: 'us-east-1',
        requestParameters: null,
        responseElements: null,
        errorCode: 'AccessDeniedException',
        errorMessage: "You don't have permissions to access this resource.",
      },
    ],
    'LeaveOrganization denied by a service control policy.',
  );
  s = next();
  inject(
    kit,
    'rule',
    'aws.account.region-enabled',
    s,
    [
      {
        api: 'account:EnableRegion',
        region: 'us-east-1',
        requestParameters: { RegionName: 'ap-east-1' },
        responseElements: null,
      },
    ],
    'Opt-in region ap-east-1 enabled.',
  );
  s = next();
  inject(
    kit,
    'negative',
    'aws.account.region-enabled',
    s,
    [
      {
        api: 'account:GetRegionOptStatus',
        readOnly: true,
        region: 'us-east-1',
        requestParameters: { RegionName: 'ap-east-1' },
        responseElements: null,
      },
    ],
    'Region opt-in status read (no change).',
  );
}
