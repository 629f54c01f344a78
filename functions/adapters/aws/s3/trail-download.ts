/**
 * Downloads listed objects into a local cache laid out as `<cache>/<bucket>/<key>`, so the cached folder
 * is the S3 layout and the local files adapter reads it as such. Objects already cached whole (same size)
 * are reused; each download goes to a partial file renamed into place when complete, so an interrupted
 * run leaves only whole files and the next run fetches the rest.
 * @module
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mapLimit, withRetry } from '../shared/index.js';
import { s3InputError } from './errors.js';
import type { TrailObject } from './trail-listing.js';

export interface DownloadOptions {
  client: Pick<S3Client, 'send'>;
  bucket: string;
  objects: readonly TrailObject[];
  cacheDir: string;
  /** Parallel downloads (default 16). */
  concurrency?: number;
  onProgress?: (done: DownloadCounts, total: { objects: number; bytes: number }) => void;
}

/** What a download did. */
export interface DownloadCounts {
  /** Objects fetched now. */
  fetched: number;
  /** Objects already in the cache. */
  reused: number;
  /** Bytes fetched now. */
  bytes: number;
}

/** The cached path of an object. */
export function cachedPath(cacheDir: string, bucket: string, key: string): string {
  return join(cacheDir, bucket, ...key.split('/').filter((p) => p !== '' && p !== '.' && p !== '..'));
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/** Fetches what the cache lacks; throws an S3InputError on the first object that cannot be read. */
export async function downloadObjects(o: DownloadOptions): Promise<DownloadCounts> {
  const counts: DownloadCounts = { fetched: 0, reused: 0, bytes: 0 };
  const total = { objects: o.objects.length, bytes: o.objects.reduce((n, x) => n + x.size, 0) };
  const partial = join(o.cacheDir, '.partial');
  await mkdir(partial, { recursive: true });
  await mapLimit(o.objects, o.concurrency ?? 16, async (object) => {
    const target = cachedPath(o.cacheDir, o.bucket, object.key);
    if ((await sizeOf(target)) === object.size) {
      counts.reused++;
      o.onProgress?.(counts, total);
      return;
    }
    const temp = join(partial, createHash('sha1').update(`${o.bucket}/${object.key}`).digest('hex'));
    try {
      await withRetry(
        async () => {
          const out = await o.client.send(new GetObjectCommand({ Bucket: o.bucket, Key: object.key }));
          if (!(out.Body instanceof Readable)) throw new Error('the object body is not a stream');
          await pipeline(out.Body, createWriteStream(temp));
        },
        { operation: 's3:GetObject' },
      );
    } catch (error) {
      await rm(temp, { force: true });
      throw s3InputError(error, `s3://${o.bucket}/${object.key}`);
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(temp, target);
    counts.fetched++;
    counts.bytes += object.size;
    o.onProgress?.(counts, total);
  });
  return counts;
}
