/**
 * Can the agent list and read its own prefix of the trail (and so decrypt it)? ListObjectsV2 on yesterday's
 * folder of one region (else the whole account prefix), then a one-byte ranged GetObject of a file found:
 * with SSE-KMS, S3 decrypts for the caller, so a refused key fails the read with KMS's reason.
 * @module
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri } from '../s3/index.js';
import type { AwsCallCounter } from '../shared/index.js';
import { failed, type Probe } from './probe.js';

export interface TrailProbeOptions {
  client: Pick<S3Client, 'send'>;
  /** `s3://bucket/[prefix/]AWSLogs/[o-xxx/]ACCOUNT/CloudTrail/`. */
  trailUri: string;
  /** A region the agent reads, and the day (`yyyy/MM/dd`) to look at first. */
  region: string;
  day: string;
  counter?: AwsCallCounter;
}

/** The list probe and the read probe (the read is skipped, and says why, when nothing was listed). */
export async function probeTrail(o: TrailProbeOptions): Promise<{ list: Probe; read: Probe }> {
  const where = parseS3Uri(o.trailUri);
  if (!where) {
    const bad: Probe = { ok: false, code: 'InvalidTrailUri', message: `not an S3 URI: ${o.trailUri}` };
    return { list: bad, read: bad };
  }
  const list = async (prefix: string) => {
    o.counter?.call('s3:ListObjectsV2');
    return o.client.send(new ListObjectsV2Command({ Bucket: where.bucket, Prefix: prefix, MaxKeys: 5 }));
  };
  let key: string | undefined;
  let listed: Probe;
  try {
    const day = `${where.key}${o.region}/${o.day}/`;
    let page = await list(day);
    let scope = `s3://${where.bucket}/${day}`;
    if (!page.Contents?.length) {
      page = await list(where.key);
      scope = `s3://${where.bucket}/${where.key}`;
    }
    key = page.Contents?.find((c) => c.Key?.endsWith('.json.gz'))?.Key ?? page.Contents?.[0]?.Key;
    listed = key
      ? { ok: true, detail: `${page.KeyCount ?? page.Contents?.length} file(s) under ${scope}` }
      : { ok: false, code: 'Empty', message: `no CloudTrail file under s3://${where.bucket}/${where.key}` };
  } catch (error) {
    listed = failed(error, `s3://${where.bucket}/${where.key}`);
  }
  if (!key) return { list: listed, read: { ok: false, code: 'Skipped', message: 'nothing listed to read' } };
  try {
    o.counter?.call('s3:GetObject');
    const object = await o.client.send(new GetObjectCommand({ Bucket: where.bucket, Key: key, Range: 'bytes=0-0' }));
    await object.Body?.transformToByteArray();
    const encryption = object.SSEKMSKeyId ? `SSE-KMS ${object.SSEKMSKeyId}` : (object.ServerSideEncryption ?? 'none');
    return { list: listed, read: { ok: true, detail: `read s3://${where.bucket}/${key} (encryption: ${encryption})` } };
  } catch (error) {
    return { list: listed, read: failed(error, `s3://${where.bucket}/${key}`) };
  }
}
