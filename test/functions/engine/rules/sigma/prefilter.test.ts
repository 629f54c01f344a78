import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateSql, matchesCandidate } from '../../../../../functions/engine/activity/index.js';
import { Dialect, duckdbColumnsArgument } from '../../../../../functions/engine/cloudtrail/index.js';
import { candidateFilterOf } from '../../../../../functions/engine/rules/index.js';
import { compileOne } from './helpers.js';
import { useTempDir } from '../../../../support/temp-dir.js';

const rules = () => ({
  names: compileOne(
    `s:\n  eventSource: CloudTrail.amazonaws.com\n  eventName: [StopLogging, DeleteTrail]\ncondition: s`,
  ),
  prefixes: compileOne(`s:\n  eventName|startswith: [Delete, 'Put_%']\ncondition: s`),
  all: compileOne(`s:\n  userAgent|contains|all: [kali, 'O''Brien']\ncondition: s`),
  ofs: compileOne(
    `sel_a:\n  eventSource: iam.amazonaws.com\nsel_b:\n  eventSource: sts.amazonaws.com\n  eventName: GetFederationToken\nroot:\n  userIdentity.type: Root\ncondition: 1 of sel_* and root`,
  ),
  notOnly: compileOne(`s:\n  eventName: ListBuckets\ncondition: not s`),
  orUnpinned: compileOne(`a:\n  eventName: StopLogging\nb:\n  requestParameters.name: x\ncondition: a or b`),
  andUnpinned: compileOne(`a:\n  eventName: StopLogging\nb:\n  requestParameters.name: x\ncondition: a and not b`),
  errors: compileOne(
    `s:\n  errorCode: [AccessDenied, 'Client.UnauthorizedOperation']\n  sourceIPAddress|cidr: 10.0.0.0/8\ncondition: s`,
  ),
  wildcard: compileOne(`s:\n  eventName: 'Get*Policy?'\n  userIdentity.arn|endswith: '\\\\admin'\ncondition: s`),
});

const records = (): Array<Record<string, unknown>> => [
  { eventID: '1', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' },
  { eventID: '2', eventSource: 'cloudtrail.amazonaws.com', eventName: 'stoplogging' },
  { eventID: '3', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StartLogging' },
  { eventID: '4', eventSource: 's3.amazonaws.com', eventName: 'DeleteBucket' },
  { eventID: '5', eventSource: 's3.amazonaws.com', eventName: 'PutXPolicy' },
  { eventID: '6', eventSource: 's3.amazonaws.com', eventName: 'Put_%Policy' },
  { eventID: '7', eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', userAgent: "Kali O'Brien" },
  { eventID: '8', eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', userAgent: 'kali' },
  { eventID: '9', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', userIdentity: { type: 'Root' } },
  { eventID: '10', eventSource: 'sts.amazonaws.com', eventName: 'GetFederationToken', userIdentity: { type: 'root' } },
  { eventID: '11', eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', userIdentity: { type: 'Root' } },
  { eventID: '12', eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' },
  {
    eventID: '13',
    eventSource: 'iam.amazonaws.com',
    eventName: 'PutRolePolicy',
    errorCode: 'AccessDenied',
    sourceIPAddress: '10.1.1.1',
  },
  { eventID: '14', eventSource: 'iam.amazonaws.com', eventName: 'GetBucketPolicy1', userIdentity: { arn: 'x\\admin' } },
  { eventID: '15', eventSource: 'iam.amazonaws.com', eventName: 'GetBucketPolicy1', userIdentity: { arn: 'x/admin' } },
  { eventID: '16', eventName: 'StopLogging', requestParameters: { name: 'x' } },
];

describe('the prefilter of a Sigma rule', () => {
  it('pins eventSource and eventName case-insensitively, AND-ed as the condition says', () => {
    expect(rules().names.prefilter).toEqual([
      {
        fieldConditions: [
          { column: 'eventSource', values: ['cloudtrail.amazonaws.com'] },
          { column: 'eventName', values: ['stoplogging', 'deletetrail'] },
        ],
      },
    ]);
    expect(rules().prefixes.prefilter).toEqual([
      { fieldConditions: [{ column: 'eventName', values: ['delete%', 'put\\_\\%%'], like: true }] },
    ]);
    expect(rules().all.prefilter[0]!.fieldConditions).toHaveLength(2);
  });

  it('distributes 1 of over and, and leaves not and unpinned fields out', () => {
    const r = rules();
    expect(r.ofs.prefilter).toHaveLength(2);
    expect(r.ofs.broadPrefilter).toBe(false);
    expect(r.andUnpinned.prefilter).toEqual([{ fieldConditions: [{ column: 'eventName', values: ['stoplogging'] }] }]);
    expect([r.notOnly.broadPrefilter, r.orUnpinned.broadPrefilter]).toEqual([true, true]);
    expect(r.notOnly.prefilter).toEqual([{ anyEvent: true }]);
  });

  it('never drops a record its rule matches', () => {
    for (const [name, rule] of Object.entries(rules()))
      for (const record of records())
        if (rule.match(record, { organizationAccountIds: null }))
          expect(matchesCandidate(rule.prefilter, record), `${name} ${String(record['eventID'])}`).toBe(true);
  });

  it('writes Athena SQL that parses as Trino SQL', () => {
    const sql = candidateSql(candidateFilterOf(Object.values(rules())), Dialect.Athena);
    expect(sql).toContain("lower(coalesce(useridentity.type, '')) IN ('root')");
    expect(new TrinoSQL().validate(`SELECT eventid FROM cloudtrail WHERE ${sql}`).map((e) => e.message)).toEqual([]);
  });
});

describe('Sigma prefilter clauses in DuckDB', () => {
  const dir = useTempDir('ct-sigma-prefilter-', 'all');
  let instance: DuckDBInstance;

  beforeAll(async () => {
    writeFileSync(
      join(dir(), 'events.jsonl'),
      records()
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    instance = await DuckDBInstance.create(':memory:');
  });

  afterAll(() => {
    instance.closeSync();
  });

  it('select exactly what the JS twin selects, rule by rule', async () => {
    const connection = await instance.connect();
    const source = `read_json('${join(dir(), 'events.jsonl')}', format='newline_delimited', columns=${duckdbColumnsArgument()})`;
    for (const [name, rule] of Object.entries(rules())) {
      const result = await connection.runAndReadAll(
        `SELECT eventid AS id FROM ${source} WHERE ${candidateSql(rule.prefilter, Dialect.DuckDB)}`,
      );
      const selected = result
        .getRowObjectsJson()
        .map((r) => String(r['id']))
        .sort();
      const expected = records()
        .filter((r) => matchesCandidate(rule.prefilter, r))
        .map((r) => String(r['eventID']))
        .sort();
      expect(selected, name).toEqual(expected);
      if (!rule.broadPrefilter) expect(selected.length, name).toBeLessThan(records().length);
    }
    connection.closeSync();
  });
});
