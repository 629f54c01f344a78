/** Helpers for the CloudTrail reading tests: records built from a few fields, collecting items. */
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import type { ReadItem } from '../../../../functions/adapters/local/files/read.js';

/** A plausible record numbered `i`; strings carry quotes, backslashes, unicode and JSON-looking text on purpose. */
export function makeRecord(i: number, over: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  const second = String(i % 60).padStart(2, '0');
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAIDPPEZS35WEXAMPLE:session-${i}`,
      arn: `arn:aws:sts::111122223333:assumed-role/App/session-${i}`,
      accountId: '111122223333',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAIDPPEZS35WEXAMPLE',
          arn: 'arn:aws:iam::111122223333:role/App',
          accountId: '111122223333',
          userName: 'App',
        },
      },
    },
    eventTime: `2024-03-0${1 + (i % 9)}T10:${String(i % 60).padStart(2, '0')}:${second}Z`,
    eventSource: 's3.amazonaws.com',
    eventName: `Op${i}`,
    awsRegion: 'ca-centralsouth-1r',
    sourceIPAddress: '198.51.100.1',
    userAgent: `agent "quoted" \\ back\\slash ${i} – ünïcødé 🚀`,
    requestParameters: { note: `{"eventVersion":"fake"} ]},{ [ \\" ${i}`, nested: { list: [1, 2, { deep: [i] }] } },
    responseElements: null,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...over,
  };
}

/** `n` records numbered from 0. */
export function makeRecords(n: number): CloudTrailRecord[] {
  return Array.from({ length: n }, (_, i) => makeRecord(i));
}

/** Collects every item of an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Splits items into the records read and `reason@index` strings for the problems, in order. */
export function split(items: readonly ReadItem[]): { records: CloudTrailRecord[]; problems: string[] } {
  const records: CloudTrailRecord[] = [];
  const problems: string[] = [];
  for (const item of items) {
    if (item.ok) records.push(item.record);
    else problems.push(`${item.reason}@${item.index ?? 'file'}`);
  }
  return { records, problems };
}

/** Counts problems by reason. */
export function countReasons(items: readonly ReadItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) if (!item.ok) counts[item.reason] = (counts[item.reason] ?? 0) + 1;
  return counts;
}

/** A deterministic pseudo-random generator (mulberry32), for chunk boundaries. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts bytes into chunks of random sizes between 1 and `max`. */
export function chunked(bytes: Buffer, random: () => number, max: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const size = 1 + Math.floor(random() * max);
    chunks.push(Buffer.from(bytes.subarray(i, i + size)));
    i += size;
  }
  return chunks;
}
