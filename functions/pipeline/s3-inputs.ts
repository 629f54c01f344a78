/**
 * One `s3://bucket/prefix` input made local: list the selected objects (accounts, regions, delivery
 * days), download what the cache lacks, concurrently, and hand back the cached folder. Errors become one
 * line and a hint (access denied, no such bucket, no credentials).
 * @module
 */
import { trailS3Client } from '../adapters/aws/clients.js';
import {
  cachedPath,
  downloadObjects,
  listTrailObjects,
  S3InputError,
  type TrailListing,
} from '../adapters/aws/s3/index.js';
import { InputError } from './errors.js';
import type { ResolveInputsOptions } from './inputs.js';

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** `s3://bucket[/prefix]` split, or null. */
export function parseS3Input(uri: string): { bucket: string; prefix: string } | null {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/i.exec(uri.trim());
  return m ? { bucket: m[1]!, prefix: m[2] ?? '' } : null;
}

/** Downloads the selected objects of one S3 input; returns the local folder to read. */
export async function downloadS3Input(uri: string, o: ResolveInputsOptions): Promise<string> {
  const where = parseS3Input(uri);
  if (where === null)
    throw new InputError(`not an S3 location: ${uri}`, 'write it as s3://bucket/prefix (e.g. s3://my-trail/AWSLogs/)');
  const started = Date.now();
  // The bundled SDK is pinned: its notice about its own future releases is for us, not for the user.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const pathStyle = process.env['AWS_ENDPOINT_URL_S3'] !== undefined || process.env['AWS_ENDPOINT_URL'] !== undefined;
  let client = trailS3Client({ pathStyle });
  let listing: TrailListing;
  try {
    const list = () =>
      listTrailObjects({
        client,
        ...where,
        select: o.select,
        onProgress: (objects, folders) => o.progress?.(`listing ${uri}: ${folders} folders, ${objects} objects`),
      });
    listing = await list().catch(async (error: unknown) => {
      // No region anywhere in the usual chain: ask us-east-1, which redirects to the bucket's region.
      if (!/region is missing/i.test(String((error as { cause?: unknown }).cause ?? error))) throw error;
      client = trailS3Client({ region: 'us-east-1', pathStyle });
      return list();
    });
  } catch (error) {
    if (error instanceof S3InputError) throw new InputError(error.message, error.hint);
    throw error;
  }
  if (listing.objects.length === 0)
    throw new InputError(
      `no CloudTrail objects under ${uri}${listing.pruned > 0 ? ` (${listing.pruned} folders left out by --accounts, --regions or the --since/--until days)` : ''}`,
      'check the prefix (aws s3 ls) and the selection; the layout is AWSLogs/[o-xxxx/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/',
    );
  let counts: Awaited<ReturnType<typeof downloadObjects>>;
  const fetching = Date.now();
  try {
    counts = await downloadObjects({
      client,
      bucket: where.bucket,
      objects: listing.objects,
      cacheDir: o.cacheDir,
      ...(o.concurrency ? { concurrency: o.concurrency } : {}),
      onProgress: (done, total) =>
        o.progress?.(
          `downloading ${uri}: ${done.fetched + done.reused}/${total.objects} objects (${mb(done.bytes)} MB fetched, ${done.reused} cached)`,
        ),
    });
  } catch (error) {
    if (error instanceof S3InputError) throw new InputError(error.message, error.hint);
    throw error;
  }
  const seconds = Math.max(0.001, (Date.now() - fetching) / 1000);
  const listed = ((fetching - started) / 1000).toFixed(1);
  o.notice?.(
    `s3: ${uri}: ${listing.objects.length} objects selected (${listing.pruned} ${listing.flat ? 'objects' : 'folders'} pruned, ${listing.calls} listings in ${listed} s); ${counts.fetched} fetched (${mb(counts.bytes)} MB, ${mb(counts.bytes / seconds)} MB/s, ${Math.round(counts.fetched / seconds)} objects/s), ${counts.reused} from the cache ${o.cacheDir}`,
  );
  return cachedPath(o.cacheDir, where.bucket, where.prefix);
}
