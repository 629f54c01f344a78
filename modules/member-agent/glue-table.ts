/**
 * The Glue table over THIS account's slice of the organization trail, with partition projection
 * (region enum x date `yyyy/MM/dd` up to NOW), so no partition is ever added by hand or by a job.
 * The columns are written out here (the infrastructure never imports engine code); a test checks they
 * are exactly the engine's canonical columns (`functions/engine/cloudtrail/columns.ts`).
 * @module
 */
import { AWS_ACCOUNT_ID, join, type CfnString } from './cfn.js';
import type { GlueColumn, GlueTable } from './resource-types.js';

const s = 'string';
const struct = (fields: Record<string, string>): string =>
  `struct<${Object.entries(fields)
    .map(([name, type]) => `${name}:${type}`)
    .join(',')}>`;

const USER_IDENTITY = struct({
  type: s,
  principalid: s,
  arn: s,
  accountid: s,
  accesskeyid: s,
  username: s,
  invokedby: s,
  identityprovider: s,
  credentialid: s,
  sessioncontext: struct({
    sessionissuer: struct({ type: s, principalid: s, arn: s, accountid: s, username: s }),
    attributes: struct({ creationdate: s, mfaauthenticated: s }),
    sourceidentity: s,
    ec2roledelivery: s,
    assumedroot: s,
    webidfederationdata: s,
  }),
  onbehalfof: struct({ userid: s, identitystorearn: s }),
  inscopeof: s,
});

/** The columns, in record order; payloads whose shape varies per API are JSON text (`string`). */
export const TRAIL_COLUMNS: readonly GlueColumn[] = [
  ['eventversion', s],
  ['useridentity', USER_IDENTITY],
  ['eventtime', s],
  ['eventsource', s],
  ['eventname', s],
  ['awsregion', s],
  ['sourceipaddress', s],
  ['useragent', s],
  ['errorcode', s],
  ['errormessage', s],
  ['requestparameters', s],
  ['responseelements', s],
  ['additionaleventdata', s],
  ['requestid', s],
  ['eventid', s],
  ['readonly', s],
  ['resources', s],
  ['eventtype', s],
  ['apiversion', s],
  ['managementevent', s],
  ['recipientaccountid', s],
  ['serviceeventdetails', s],
  ['sharedeventid', s],
  ['vpcendpointid', s],
  ['vpcendpointaccountid', s],
  ['eventcategory', s],
  ['tlsdetails', s],
  ['sessioncredentialfromconsole', s],
  ['edgedevicedetails', s],
  ['insightdetails', s],
].map(([Name, Type]) => ({ Name: Name!, Type: Type! }));

/** Partition columns: `region` (the trail's region folder) and `date` (`yyyy/MM/dd`, the delivery day). */
export const PARTITION_COLUMNS = { region: 'region', date: 'date' } as const;

/** Where an organization trail writes one account's files. */
export interface TrailLocation {
  bucket: string;
  /** Key prefix without slashes at either end, or ''. */
  prefix: string;
  organizationId: string;
  organizationIdInPath: boolean;
  regions: readonly string[];
  /** First projected day, yyyy/MM/dd. */
  startDate: string;
}

/** The key prefix in front of the account id: `[prefix/]AWSLogs/[o-xxx/]`. */
export function trailKeyPrefix(trail: Omit<TrailLocation, 'regions' | 'startDate'>): string {
  return `${trail.prefix ? `${trail.prefix}/` : ''}AWSLogs/${trail.organizationIdInPath ? `${trail.organizationId}/` : ''}`;
}

/** `[prefix/]AWSLogs/[o-xxx/]<this account>/CloudTrail/`, as a CloudFormation string. */
export function accountTrailKey(trail: Omit<TrailLocation, 'regions' | 'startDate'>): CfnString {
  return join(trailKeyPrefix(trail), AWS_ACCOUNT_ID, '/CloudTrail/');
}

export interface TrailTableOptions {
  trail: TrailLocation;
  databaseRef: CfnString;
  tableName: string;
}

/** The Glue table resource (CloudTrail input format, Hive JSON SerDe, partition projection). */
export function trailTable(options: TrailTableOptions): GlueTable {
  const { trail } = options;
  const base = join(`s3://${trail.bucket}/`, accountTrailKey(trail));
  // `${region}` and `${date}` stay literal: Athena fills them in from the projected partitions.
  const template = join(`s3://${trail.bucket}/`, accountTrailKey(trail), '${region}/${date}');
  return {
    Type: 'AWS::Glue::Table',
    Properties: {
      CatalogId: AWS_ACCOUNT_ID,
      DatabaseName: options.databaseRef,
      TableInput: {
        Name: options.tableName,
        Description: "This account's CloudTrail events from the organization trail (partition projection)",
        TableType: 'EXTERNAL_TABLE',
        Parameters: {
          EXTERNAL: 'TRUE',
          classification: 'cloudtrail',
          'projection.enabled': 'true',
          'projection.region.type': 'enum',
          'projection.region.values': trail.regions.join(','),
          'projection.date.type': 'date',
          'projection.date.format': 'yyyy/MM/dd',
          'projection.date.range': `${trail.startDate},NOW`,
          'projection.date.interval': '1',
          'projection.date.interval.unit': 'DAYS',
          'storage.location.template': template,
        },
        PartitionKeys: [
          { Name: PARTITION_COLUMNS.region, Type: 'string', Comment: 'trail region folder' },
          { Name: PARTITION_COLUMNS.date, Type: 'string', Comment: 'delivery day yyyy/MM/dd (UTC)' },
        ],
        StorageDescriptor: {
          Columns: [...TRAIL_COLUMNS],
          Location: base,
          InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
        },
      },
    },
  };
}
