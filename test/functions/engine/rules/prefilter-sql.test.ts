import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateSql, matchesCandidate } from '../../../../functions/engine/activity/index.js';
import {
  Dialect,
  duckdbColumnsArgument,
  type CloudTrailRecord,
} from '../../../../functions/engine/cloudtrail/index.js';
import { event, identity } from '../../../../functions/engine/rules/case-builder.js';
import { RULES, candidateFilterOf, isWindowRule } from '../../../../functions/engine/rules/index.js';
import { useTempDir } from '../../../support/temp-dir.js';

const caseRecords = (): CloudTrailRecord[] =>
  RULES.flatMap((rule) =>
    isWindowRule(rule) ? rule.cases.flatMap((c) => c.records) : rule.cases.map((c) => c.record),
  );

const noise = (): CloudTrailRecord[] => [
  event('s3', 'GetObject', { userAgent: "O'Brien's client" }),
  event('ec2', 'DescribeInstances', { as: identity.role('web', 'i-0123456789abcdef0'), ip: '54.1.1.1' }),
  event('ec2', 'DescribeInstances', { as: identity.role('web', 'not-an-instance') }),
  event('sts', 'GetCallerIdentity', { as: null }),
  event('iam', 'ListUsers', { as: identity.root() }),
  event('lambda', 'Invoke', { userAgent: 'Boto3/1.0 PARROT-LINUX' }),
  event('ssm', 'UpdateInstanceInformation', { as: identity.instance('web', 'i-0123456789abcdef0'), ip: '54.1.1.1' }),
  event('kms', 'Decrypt', {
    as: identity.instance('web', 'i-0123456789abcdef0'),
    ip: '10.0.1.5',
    extra: { vpcEndpointId: 'vpce-1', vpcEndpointAccountId: '111122223333' },
  }),
  event('kms', 'Decrypt', {
    as: identity.instance('web', 'i-0123456789abcdef0'),
    ip: '10.0.1.5',
    extra: { vpcEndpointId: 'vpce-2', vpcEndpointAccountId: '999988887777' },
  }),
  event('kms', 'Decrypt', {
    as: identity.instance('web', 'i-0123456789abcdef0'),
    ip: '10.0.1.5',
    extra: { vpcEndpointId: 'vpce-3' },
  }),
];

describe('the rules prefilter in SQL and in JavaScript', () => {
  const dir = useTempDir('ct-prefilter-', 'all');
  let instance: DuckDBInstance;
  let records: CloudTrailRecord[];

  beforeAll(async () => {
    records = [...caseRecords(), ...noise()];
    writeFileSync(join(dir(), 'events.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
    instance = await DuckDBInstance.create(':memory:');
  });

  afterAll(() => {
    instance.closeSync();
  });

  it('selects exactly the records the JS twin selects, in DuckDB', async () => {
    // Prepare
    const filter = candidateFilterOf(RULES);
    const connection = await instance.connect();
    const source = `read_json('${join(dir(), 'events.jsonl')}', format='newline_delimited', columns=${duckdbColumnsArgument()})`;
    // Act
    const result = await connection.runAndReadAll(
      `SELECT eventid AS id FROM ${source} WHERE ${candidateSql(filter, Dialect.DuckDB)}`,
    );
    const selected = new Set(result.getRowObjectsJson().map((r) => String(r['id'])));
    // Assess
    const expected = new Set(records.filter((r) => matchesCandidate(filter, r)).map((r) => r.eventID));
    expect([...selected].sort()).toEqual([...expected].sort());
    expect(selected.size).toBeLessThan(records.length);
    connection.closeSync();
  });

  it('merges source-and-name clauses per source without pairing a source with another clause name', async () => {
    // Prepare
    const filter = [
      { eventSources: ['s3.amazonaws.com'], eventNames: ['PutBucketPolicy'] },
      { eventSources: ['ec2.amazonaws.com', 's3.amazonaws.com'], eventNames: ['ModifySnapshotAttribute'] },
      { eventSources: ['ec2.amazonaws.com'], eventNames: ['RunInstances'], identityTypes: ['Root'] },
      { eventNames: ['EnableRegion'] },
    ];
    const cases = [
      event('s3', 'PutBucketPolicy'),
      event('s3', 'ModifySnapshotAttribute'),
      event('ec2', 'ModifySnapshotAttribute'),
      event('ec2', 'PutBucketPolicy'),
      event('ec2', 'RunInstances'),
      event('ec2', 'RunInstances', { as: identity.root() }),
      event('account', 'EnableRegion'),
      event('s3', 'GetObject'),
    ];
    const file = join(dir(), 'merge.jsonl');
    writeFileSync(file, cases.map((r) => JSON.stringify(r)).join('\n'));
    const connection = await instance.connect();
    const sql = candidateSql(filter, Dialect.DuckDB);
    // Act
    const result = await connection.runAndReadAll(
      `SELECT eventid AS id FROM read_json('${file}', format='newline_delimited', columns=${duckdbColumnsArgument()}) WHERE ${sql}`,
    );
    const selected = new Set(result.getRowObjectsJson().map((r) => String(r['id'])));
    // Assess
    const expected = cases.filter((r) => matchesCandidate(filter, r)).map((r) => r.eventID);
    expect([...selected].sort()).toEqual([...expected].sort());
    expect(cases.filter((r) => selected.has(r.eventID ?? '')).map((r) => `${r.eventSource} ${r.eventName}`)).toEqual([
      's3.amazonaws.com PutBucketPolicy',
      's3.amazonaws.com ModifySnapshotAttribute',
      'ec2.amazonaws.com ModifySnapshotAttribute',
      'ec2.amazonaws.com RunInstances',
      'account.amazonaws.com EnableRegion',
    ]);
    // One membership test of the pair's hash in DuckDB (every IN list is a join there), one clause per source in Athena.
    expect(sql.match(/IN \(/g)).toHaveLength(5); // the pairs, the Root clause's three, EnableRegion
    expect(sql).toContain(
      "hash(eventsource, eventname) IN (hash('s3.amazonaws.com', 'PutBucketPolicy'), hash('s3.amazonaws.com', 'ModifySnapshotAttribute'), hash('ec2.amazonaws.com', 'ModifySnapshotAttribute'))",
    );
    expect(candidateSql(filter, Dialect.Athena)).toContain(
      "(eventsource IN ('s3.amazonaws.com') AND eventname IN ('PutBucketPolicy', 'ModifySnapshotAttribute'))",
    );
    connection.closeSync();
  });

  it('writes an Athena predicate with regexp_like and escaped literals', () => {
    const sql = candidateSql(candidateFilterOf(RULES), Dialect.Athena);
    expect(sql).toContain('regexp_like(useridentity.arn');
    expect(sql).not.toContain('regexp_matches');
    expect(sql).toMatch(/regexp_like\(useragent, '\(\?i\)\([^']*stratus-red-team/);
  });

  it('reads the vocabulary added for chatty instance sessions the same way in both', () => {
    const [heartbeat, ownEndpoint, foreignEndpoint, unknownOwner] = noise().slice(-4);
    const filter = candidateFilterOf(RULES.filter((r) => r.id === 'aws.sts.instance-credentials-used-off-instance'));
    expect([heartbeat, ownEndpoint, foreignEndpoint, unknownOwner].map((r) => matchesCandidate(filter, r!))).toEqual([
      false,
      false,
      true,
      false,
    ]);
  });

  it('keeps the filter narrow: no clause selects every record', () => {
    for (const clause of candidateFilterOf(RULES)) {
      const keys = Object.values(clause).filter((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
      expect(keys.length).toBeGreaterThan(0);
    }
  });
});
