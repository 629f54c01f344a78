/**
 * The deployment's config as an S3 object (written by the infrastructure, readable by every agent and
 * the aggregator): read at each run with a conditional GET, so a tuned config reaches the fleet at its
 * next run without a code deploy, and an unchanged one costs a 304.
 * @module
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AwsAdapterError,
  type AwsCallCounter,
  errorCode,
  errorMessage,
  type Sleep,
  withRetry,
} from '../shared/index.js';

/** Where the object is and how to reach it. */
export interface ConfigObjectOptions {
  client: Pick<S3Client, 'send'>;
  /** `s3://bucket/key`. */
  uri: string;
  counter?: AwsCallCounter;
  sleep?: Sleep;
}

/** The object's text and the version it was read at. */
export interface ConfigObject {
  text: string;
  /** The ETag (changes with every new version of the object). */
  version: string;
  /** Whether the text differs from the previous read. */
  changed: boolean;
}

/** An S3 client that follows the bucket's region (the config bucket may be in another region). */
export function s3Client(region?: string): S3Client {
  return new S3Client({ ...(region ? { region } : {}), followRegionRedirects: true });
}

/** `s3://bucket/key` split, or null when it is not one. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | null {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri.trim());
  return m ? { bucket: m[1]!, key: m[2]! } : null;
}

/** A reader that remembers the last version and asks S3 only for a newer one. */
export function configObjectReader(o: ConfigObjectOptions): () => Promise<ConfigObject> {
  const where = parseS3Uri(o.uri);
  if (where === null) throw new AwsAdapterError(`not an S3 URI (s3://bucket/key): ${o.uri}`);
  let last: { text: string; version: string } | null = null;
  return async () => {
    o.counter?.call('s3:GetObject');
    try {
      const out = await withRetry(
        () =>
          o.client.send(
            new GetObjectCommand({
              Bucket: where.bucket,
              Key: where.key,
              ...(last ? { IfNoneMatch: last.version } : {}),
            }),
          ),
        { operation: 's3:GetObject', ...(o.sleep ? { sleep: o.sleep } : {}) },
      );
      const text = (await out.Body?.transformToString('utf8')) ?? '';
      const version = out.ETag ?? `len:${text.length}`;
      const changed = last === null || last.text !== text;
      last = { text, version };
      return { text, version, changed };
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (last !== null && (status === 304 || errorCode(error) === 'NotModified')) return { ...last, changed: false };
      const code = errorCode(error);
      const hint =
        code === 'AccessDenied'
          ? 'the function role may not read it (s3:GetObject) or the bucket policy refuses the account'
          : code === 'NoSuchKey' || code === 'NoSuchBucket'
            ? 'deploy the infrastructure again (it writes the config object)'
            : 'the next run retries';
      throw new AwsAdapterError(`cannot read the config ${o.uri}: ${errorMessage(error)} (${hint})`, { cause: error });
    }
  };
}
