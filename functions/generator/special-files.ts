/**
 * Files that are not plain delivery files: one digest file and one Insights file (a reader must
 * recognise and skip them), and with `--with-malformed` the broken inputs a reader must survive:
 * a truncated .json.gz, invalid JSON, records without eventTime or eventName, a 5 MB record.
 * @module
 */
import { type CloudTrailRecord, principalOf } from '../engine/cloudtrail/index.js';
import type { TruthEntry } from './ground-truth.js';
import type { Account } from './org.js';
import { rngFor } from './prng.js';
import { deliveryParts, isoSeconds, HOUR } from './time.js';
import { type FileWriter, deliveryText } from './writer.js';

/** What the special files need to know about the run. */
export interface SpecialContext {
  seed: string;
  orgId: string;
  account: Account;
  /** Some delivery files already written for this account (relative paths). */
  samplePaths: string[];
  /** Some routine records of the account, to copy into broken files. */
  sampleRecords: CloudTrailRecord[];
  /** A time inside the period, where the files are dated. */
  at: number;
}

/** Writes the digest and Insights files; returns their paths. */
export async function writeDigestAndInsight(
  writer: FileWriter,
  c: SpecialContext,
): Promise<{ digest: string; insight: string }> {
  const rng = rngFor(c.seed, 'special', c.account.id);
  const region = c.account.homeRegion;
  const { datePath, stamp } = deliveryParts(c.at);
  const seconds = isoSeconds(c.at).replace(/[-:]/g, '');
  const trail = `${c.orgId}-org-trail`;
  const digest = `AWSLogs/${c.orgId}/${c.account.id}/CloudTrail-Digest/${region}/${datePath}/${c.account.id}_CloudTrail-Digest_${region}_${trail}_${region}_${seconds}.json.gz`;
  await writer.write(
    digest,
    JSON.stringify({
      awsAccountId: c.account.id,
      digestStartTime: isoSeconds(c.at - HOUR),
      digestEndTime: isoSeconds(c.at),
      digestS3Bucket: `aws-cloudtrail-logs-${c.orgId}`,
      digestS3Object: digest,
      digestPublicKeyFingerprint: rng.hex(32),
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: isoSeconds(c.at - 120_000),
      oldestEventTime: isoSeconds(c.at - HOUR),
      previousDigestS3Bucket: `aws-cloudtrail-logs-${c.orgId}`,
      previousDigestS3Object: null,
      previousDigestHashValue: null,
      previousDigestHashAlgorithm: null,
      previousDigestSignature: null,
      logFiles: c.samplePaths.slice(0, 3).map((p) => ({
        s3Bucket: `aws-cloudtrail-logs-${c.orgId}`,
        s3Object: p,
        hashValue: rng.hex(64),
        hashAlgorithm: 'SHA-256',
        newestEventTime: isoSeconds(c.at - 200_000),
        oldestEventTime: isoSeconds(c.at - 600_000),
      })),
    }),
  );
  const insight = `AWSLogs/${c.orgId}/${c.account.id}/CloudTrail-Insight/${region}/${datePath}/${c.account.id}_CloudTrail-Insight_${region}_${stamp}_${rng.alnum(16)}.json.gz`;
  const shared = rng.uuid();
  const insightRecord = (state: 'Start' | 'End', t: number): Record<string, unknown> => ({
    eventVersion: '1.08',
    eventTime: isoSeconds(t),
    awsRegion: region,
    eventID: rng.uuid(),
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: c.account.id,
    sharedEventID: shared,
    insightDetails: {
      state,
      eventSource: 'ssm.amazonaws.com',
      eventName: 'UpdateInstanceInformation',
      insightType: 'ApiCallRateInsight',
      insightContext: {
        statistics: {
          baseline: { average: 0.21 },
          insight: { average: 4.9 },
          ...(state === 'End' ? { insightDuration: 11 } : {}),
        },
      },
    },
    eventCategory: 'Insight',
  });
  await writer.write(
    insight,
    deliveryText([insightRecord('Start', c.at - 20 * 60_000), insightRecord('End', c.at - 9 * 60_000)]),
  );
  return { digest, insight };
}

type Truth = Omit<TruthEntry, 'id'>;

/** Writes the malformed inputs and returns their ground truth. */
export async function writeMalformed(writer: FileWriter, c: SpecialContext): Promise<Truth[]> {
  const rng = rngFor(c.seed, 'malformed', c.account.id);
  const region = c.account.homeRegion;
  const { datePath, stamp } = deliveryParts(c.at);
  const name = (): string =>
    `AWSLogs/${c.orgId}/${c.account.id}/CloudTrail/${region}/${datePath}/${c.account.id}_CloudTrail_${region}_${stamp}_${rng.alnum(16)}.json.gz`;
  const base = (c.sampleRecords[0] ?? {}) as CloudTrailRecord;
  const file = (path: string, description: string, eventIds: string[] = [], record?: CloudTrailRecord): Truth => ({
    type: 'malformed',
    accountId: c.account.id,
    principalKey: record ? principalOf(record).key : '',
    principalArn: record ? principalOf(record).arn : null,
    action: record ? `${record.eventSource ?? 'unknown'}:${record.eventName ?? 'unknown'}` : '',
    eventIds,
    eventTime: isoSeconds(c.at),
    duringLearning: false,
    path,
    description,
  });
  const out: Truth[] = [];

  const truncated = name();
  const copies = c.sampleRecords.slice(0, 40).map((r) => ({ ...r, eventID: rng.uuid() }));
  await writer.write(truncated, deliveryText(copies), 'truncate-half');
  out.push(
    file(
      truncated,
      'A .json.gz cut in half (truncated gzip stream); its 40 records are copies with fresh ids, lost with the file.',
    ),
  );

  const invalid = name();
  await writer.write(
    invalid,
    `{"Records":[${JSON.stringify({ ...base, eventID: rng.uuid() })},{"eventVersion":"1.11","userIdentity":{"type":"IAMUser",,}]`,
  );
  out.push(file(invalid, 'Valid gzip around invalid JSON (a doubled comma and a missing closing brace).'));

  const { eventTime: _t, ...noTime } = { ...base, eventID: rng.uuid() };
  const { eventName: _n, ...noName } = { ...base, eventID: rng.uuid() };
  const fields = name();
  await writer.write(fields, deliveryText([{ ...base, eventID: rng.uuid() }, noTime, noName]));
  out.push({
    ...file(
      fields,
      'A record without eventTime (the other records of the file are fine).',
      [noTime.eventID as string],
      noTime as CloudTrailRecord,
    ),
  });
  out.push({
    ...file(
      fields,
      'A record without eventName (the other records of the file are fine).',
      [noName.eventID as string],
      noName as CloudTrailRecord,
    ),
  });

  const huge = name();
  const big = { ...base, eventID: rng.uuid(), requestParameters: { policyDocument: 'A'.repeat(5 * 1024 * 1024) } };
  await writer.write(huge, deliveryText([big]));
  out.push(
    file(huge, 'One 5 MB record (a huge requestParameters value).', [big.eventID as string], big as CloudTrailRecord),
  );
  return out;
}
