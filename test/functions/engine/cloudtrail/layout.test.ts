import { describe, expect, it } from 'vitest';
import { classifyPath, deliveredAtOf, inputExtension } from '../../../../functions/engine/cloudtrail/layout.js';

describe('classifyPath', () => {
  it('reads an organization trail path behind a bucket prefix', () => {
    const path =
      'my-bucket/prefix/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-2/2015/08/01/111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz';
    expect(classifyPath(path)).toEqual({
      kind: 'cloudtrail',
      layout: {
        orgId: 'o-exampleorgid',
        accountId: '111122223333',
        region: 'us-east-2',
        date: '2015-08-01',
        deliveredAt: '2015-08-01T02:10:00Z',
      },
    });
  });

  it('accepts any region name, Windows separators and folders copied without AWSLogs', () => {
    const info = classifyPath('C:\\cases\\42\\111122223333\\CloudTrail\\eu-southcentral-9x\\2024\\12\\31\\f.json.gz');
    expect(info.layout).toMatchObject({
      accountId: '111122223333',
      region: 'eu-southcentral-9x',
      date: '2024-12-31',
      deliveredAt: null,
    });
  });

  it('tells digest and Insight files by folder and by name', () => {
    expect(classifyPath('AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/01/x.json.gz').kind).toBe('digest');
    expect(classifyPath('AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/01/01/x.json.gz').kind).toBe('insight');
    expect(
      classifyPath('/tmp/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240101T010203Z.json.gz').kind,
    ).toBe('digest');
    expect(classifyPath('/tmp/111122223333_CloudTrail-Insight_us-east-1_20240101T0102Z_abc.json.gz').kind).toBe(
      'insight',
    );
    expect(classifyPath('/tmp/111122223333_CloudTrail_us-east-1_20240101T0102Z_abc.json.gz')).toEqual({
      kind: 'cloudtrail',
      layout: null,
    });
    expect(classifyPath('/tmp/events.jsonl')).toEqual({ kind: 'other', layout: null });
  });

  it('refuses dates that do not exist', () => {
    expect(classifyPath('AWSLogs/111122223333/CloudTrail/us-east-1/2023/02/29/f.json.gz').layout).toBeNull();
    expect(classifyPath('AWSLogs/111122223333/CloudTrail/us-east-1/2024/02/29/f.json.gz').layout?.date).toBe(
      '2024-02-29',
    );
    expect(classifyPath('AWSLogs/111122223333/CloudTrail/us-east-1/2024/13/01/f.json.gz').layout).toBeNull();
  });
});

describe('deliveredAtOf', () => {
  it('reads both documented name shapes and the digest end time', () => {
    expect(deliveredAtOf('111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz')).toBe(
      '2015-08-01T02:10:00Z',
    );
    expect(deliveredAtOf('123456789012_CloudTrail_us-west-1_20140620T1255ZHdkvFTXOA3Vnhbc.json.gz')).toBe(
      '2014-06-20T12:55:00Z',
    );
    expect(deliveredAtOf('111122223333_CloudTrail-Digest_us-east-2_trail_us-east-2_20150817T150131Z.json.gz')).toBe(
      '2015-08-17T15:01:31Z',
    );
  });

  it('returns null for names without a real time', () => {
    expect(deliveredAtOf('export.json')).toBeNull();
    expect(deliveredAtOf('111122223333_CloudTrail_us-east-2_20150231T0210Z_x.json.gz')).toBeNull();
    expect(deliveredAtOf('111122223333_CloudTrail_us-east-2_20150801T2510Z_x.json.gz')).toBeNull();
  });
});

describe('inputExtension', () => {
  it('knows the accepted extensions, whatever the case', () => {
    expect(
      ['a.json', 'a.JSON.GZ', 'a.jsonl', 'a.jsonl.gz', 'a.ndjson', 'a.ndjson.gz', 'a.txt', 'a.gz'].map(inputExtension),
    ).toEqual(['.json', '.json.gz', '.jsonl', '.jsonl.gz', '.ndjson', '.ndjson.gz', null, null]);
  });
});
