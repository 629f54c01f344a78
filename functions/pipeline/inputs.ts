/**
 * The inputs of a scan or a hunt as local paths: folders, files and `-` as given, and each
 * `s3://bucket/prefix` downloaded (pruned, concurrently, resumable) into the local cache, whose folder is
 * then read like any other. The S3 code, and with it the AWS SDK, is loaded only when an s3:// input is given.
 * @module
 */
import type { LayoutSelection } from '../engine/cloudtrail/index.js';

/** Options of {@link resolveInputs}. */
export interface ResolveInputsOptions {
  /** Where downloaded objects are kept, by bucket and key. */
  cacheDir: string;
  select: LayoutSelection;
  progress?: (message: string) => void;
  /** One line per download summary (objects listed, fetched, reused; speed). */
  notice?: (line: string) => void;
  /** Parallel object downloads (default 16). */
  concurrency?: number;
}

/** Whether a path names an S3 location. */
export const isS3Input = (path: string): boolean => /^s3:\/\//i.test(path);

/** The local paths to read: s3:// inputs replaced by their cached folders. */
export async function resolveInputs(paths: readonly string[], o: ResolveInputsOptions): Promise<string[]> {
  if (!paths.some(isS3Input)) return [...paths];
  const { downloadS3Input } = await import('./s3-inputs.js');
  const out: string[] = [];
  for (const path of paths) out.push(isS3Input(path) ? await downloadS3Input(path, o) : path);
  return out;
}
