/**
 * How many candidate records a compressed byte of input gives, per account and region of the S3 layout, learnt
 * batch by batch: what staging sizes its next batch by (staging.ts). The density follows the account (instance-role
 * sessions, parameter and secret reads), so the last batch's says little about the next one's where the input moves
 * on to another account: sized by the last batch, the first batch of a denser account folded up to 40,574 candidate
 * records against the 16,000 aimed at (docs/performance.md, fifteenth pass).
 * @module
 */
import type { InputFile } from '../files/index.js';

/** The part of the input whose files have about the same density: an account's region, or every file outside the S3 layout. */
export const densityKey = (file: Pick<InputFile, 'layout'>): string =>
  file.layout ? `${file.layout.accountId}/${file.layout.region}` : '';

type Sized = Pick<InputFile, 'layout' | 'size'>;

/** Candidate records per compressed byte, per {@link densityKey}. */
export class CandidateDensity {
  private readonly seen = new Map<string, { candidates: number; bytes: number }>();
  private densest = 0;

  /** The density of a key's files: what its files gave so far, or the densest seen anywhere when none was read. */
  of(key: string): number {
    const d = this.seen.get(key);
    return d && d.bytes > 0 ? d.candidates / d.bytes : this.densest;
  }

  /** The candidate records a file is expected to give: its bytes at its key's density. */
  expected(file: Sized): number {
    return file.size * this.of(densityKey(file));
  }

  /** Records what one batch of files gave: its candidate records, shared among the files' keys by their bytes. */
  add(files: readonly Sized[], candidates: number): void {
    const bytesByKey = new Map<string, number>();
    let total = 0;
    for (const file of files) {
      const key = densityKey(file);
      bytesByKey.set(key, (bytesByKey.get(key) ?? 0) + file.size);
      total += file.size;
    }
    if (total <= 0) return;
    for (const [key, bytes] of bytesByKey) {
      if (bytes <= 0) continue;
      const d = this.seen.get(key) ?? { candidates: 0, bytes: 0 };
      d.candidates += (candidates * bytes) / total;
      d.bytes += bytes;
      this.seen.set(key, d);
      this.densest = Math.max(this.densest, d.candidates / d.bytes);
    }
  }
}
