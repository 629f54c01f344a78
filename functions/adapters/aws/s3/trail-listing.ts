/**
 * Lists the CloudTrail objects under `s3://bucket/prefix`, descending folder by folder (delimiter `/`)
 * into the selected accounts, regions and delivery days only: the selection prunes before anything
 * beneath a pruned folder is listed or fetched. Objects outside the layout (an export's .jsonl) are kept.
 * @module
 */
import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import {
  classifyPath,
  type LayoutSelection,
  inputExtension,
  PathKind,
  selectsLayout,
} from '../../../engine/cloudtrail/index.js';
import { mapLimit, withRetry } from '../shared/index.js';
import { s3InputError } from './errors.js';
import { descend, type Place, placeOfPrefix } from './layout-walk.js';

/** One object to fetch. */
export interface TrailObject {
  key: string;
  size: number;
}

/** What a listing found. */
export interface TrailListing {
  objects: TrailObject[];
  /** Folders the selection pruned (not listed). */
  pruned: number;
  /** ListObjectsV2 calls made. */
  calls: number;
  /** The store answered the folder listing with nothing: the prefix was listed whole and filtered instead. */
  flat: boolean;
}

export interface ListTrailOptions {
  client: Pick<S3Client, 'send'>;
  bucket: string;
  /** Key prefix, '' for the whole bucket. */
  prefix: string;
  select: LayoutSelection;
  /** Parallel listings (default 8). */
  concurrency?: number;
  onProgress?: (objects: number, folders: number) => void;
}

/** One page of a listing (one level when `delimited`), retried; counted in `listing.calls`. */
async function listPage(
  o: ListTrailOptions,
  listing: TrailListing,
  prefix: string,
  delimited: boolean,
  token: string | undefined,
): Promise<ListObjectsV2CommandOutput> {
  listing.calls++;
  return withRetry(
    () =>
      o.client.send(
        new ListObjectsV2Command({
          Bucket: o.bucket,
          Prefix: prefix,
          ...(delimited ? { Delimiter: '/' } : {}),
          ...(token ? { ContinuationToken: token } : {}),
        }),
      ),
    { operation: 's3:ListObjectsV2' },
  ).catch((error: unknown) => {
    throw s3InputError(error, `s3://${o.bucket}/${prefix}`);
  });
}

/** Every key under `root`, kept when the selection keeps its place in the layout (keys outside it are kept). */
async function listFlat(o: ListTrailOptions, root: string, listing: TrailListing): Promise<void> {
  let token: string | undefined;
  do {
    const page = await listPage(o, listing, root, false, token);
    for (const item of page.Contents ?? []) {
      if (!item.Key || inputExtension(item.Key) === null) continue;
      const { kind, layout } = classifyPath(item.Key);
      if (
        kind === PathKind.Digest ||
        kind === PathKind.Insight ||
        (layout !== null && !selectsLayout(layout, o.select))
      )
        listing.pruned++;
      else listing.objects.push({ key: item.Key, size: item.Size ?? 0 });
    }
    o.onProgress?.(listing.objects.length, 0);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

interface Folder {
  prefix: string;
  place: Place;
}

/** Lists the selected objects; throws an S3InputError (access denied, no bucket, credentials). */
export async function listTrailObjects(o: ListTrailOptions): Promise<TrailListing> {
  const root = o.prefix === '' || o.prefix.endsWith('/') ? o.prefix : `${o.prefix}/`;
  const listing: TrailListing = { objects: [], pruned: 0, calls: 0, flat: false };
  const start = placeOfPrefix(root, o.select);
  if (start === null) return { ...listing, pruned: 1 };
  let level: Folder[] = [{ prefix: root, place: start }];
  let folders = 0;
  while (level.length > 0) {
    const next: Folder[][] = await mapLimit(level, o.concurrency ?? 8, async (folder) => {
      const children: Folder[] = [];
      // A day folder holds only files: list it whole; above it, one level at a time.
      const flat = folder.place.level === 'day';
      let token: string | undefined;
      do {
        const page = await listPage(o, listing, folder.prefix, !flat, token);
        for (const item of page.Contents ?? []) {
          if (item.Key && inputExtension(item.Key) !== null)
            listing.objects.push({ key: item.Key, size: item.Size ?? 0 });
        }
        for (const common of page.CommonPrefixes ?? []) {
          const prefix = common.Prefix;
          if (!prefix) continue;
          const name = prefix.slice(folder.prefix.length).replace(/\/$/, '');
          const place = descend(folder.place, name, o.select);
          if (place === null) listing.pruned++;
          else children.push({ prefix, place });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      folders++;
      o.onProgress?.(listing.objects.length, folders);
      return children;
    });
    level = next.flat();
    if (folders === 1 && level.length === 0 && listing.objects.length === 0) {
      // Nothing under the prefix, or a store whose delimiter listing misses deeper keys (some S3-compatible
      // servers): list it whole once and apply the selection to each key's place in the layout.
      listing.flat = true;
      await listFlat(o, root, listing);
    }
  }
  listing.objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return listing;
}
