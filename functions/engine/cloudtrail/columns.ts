/**
 * The canonical CloudTrail columns, shared by the DuckDB reader (`read_json(columns=...)`) and the
 * Athena/Glue table of the member agent. SQL builders only reference these names. Payload fields
 * whose shape varies per API are JSON (DuckDB) / string (Hive); identity is a typed struct.
 * @module
 */

/** A field of a struct column: name as CloudTrail spells it, with its DuckDB and Hive types. */
export interface ColumnSpec {
  name: string;
  duckdb: string;
  hive: string;
  fields?: ColumnSpec[];
}

const v = (name: string): ColumnSpec => ({ name, duckdb: 'VARCHAR', hive: 'string' });
const j = (name: string): ColumnSpec => ({ name, duckdb: 'JSON', hive: 'string' });
const struct = (name: string, fields: ColumnSpec[]): ColumnSpec => ({
  name,
  fields,
  duckdb: `STRUCT(${fields.map((f) => `"${f.name}" ${f.duckdb}`).join(', ')})`,
  hive: `struct<${fields.map((f) => `${f.name.toLowerCase()}:${f.hive}`).join(',')}>`,
});

/** `userIdentity` as a struct: everything the principal key and the rules read. */
export const USER_IDENTITY_COLUMN: ColumnSpec = struct('userIdentity', [
  v('type'),
  v('principalId'),
  v('arn'),
  v('accountId'),
  v('accessKeyId'),
  v('userName'),
  v('invokedBy'),
  v('identityProvider'),
  v('credentialId'),
  struct('sessionContext', [
    struct('sessionIssuer', [v('type'), v('principalId'), v('arn'), v('accountId'), v('userName')]),
    struct('attributes', [v('creationDate'), v('mfaAuthenticated')]),
    v('sourceIdentity'),
    v('ec2RoleDelivery'),
    v('assumedRoot'),
    { ...j('webIdFederationData') },
  ]),
  struct('onBehalfOf', [v('userId'), v('identityStoreArn')]),
  { ...j('inScopeOf') },
]);

/** Every top-level column, in the order of a CloudTrail record. */
export const CLOUDTRAIL_COLUMNS: readonly ColumnSpec[] = [
  v('eventVersion'),
  USER_IDENTITY_COLUMN,
  v('eventTime'),
  v('eventSource'),
  v('eventName'),
  v('awsRegion'),
  v('sourceIPAddress'),
  v('userAgent'),
  v('errorCode'),
  v('errorMessage'),
  j('requestParameters'),
  j('responseElements'),
  j('additionalEventData'),
  v('requestID'),
  v('eventID'),
  j('readOnly'),
  j('resources'),
  v('eventType'),
  v('apiVersion'),
  j('managementEvent'),
  v('recipientAccountId'),
  j('serviceEventDetails'),
  v('sharedEventID'),
  v('vpcEndpointId'),
  v('vpcEndpointAccountId'),
  v('eventCategory'),
  j('tlsDetails'),
  v('sessionCredentialFromConsole'),
  j('edgeDeviceDetails'),
  j('insightDetails'),
];

/** The DuckDB `columns={...}` argument for `read_json` over one record per row. */
export function duckdbColumnsArgument(): string {
  return `{${CLOUDTRAIL_COLUMNS.map((c) => `'${c.name}': '${c.duckdb.replace(/'/g, "''")}'`).join(', ')}}`;
}

/** The DuckDB struct type of one record (for `{"Records": [...]}` delivery files). */
export function duckdbRecordType(): string {
  return `STRUCT(${CLOUDTRAIL_COLUMNS.map((c) => `"${c.name}" ${c.duckdb}`).join(', ')})`;
}
