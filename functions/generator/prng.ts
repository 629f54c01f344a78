/**
 * Seeded randomness for the generator: a small, fast PRNG (sfc32) and string hashing, so every
 * stream of randomness is derived from (seed, account, principal, day, ...) and the output does not
 * depend on the order in which the generator visits things. Never Math.random.
 * @module
 */

/** Hashes a string to four 32-bit words (cyrb128), used to seed {@link Rng}. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX = '0123456789abcdef';
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The alphabet of AWS access key ids and unique ids (upper-case base32). */
const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A deterministic random stream (sfc32). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = hash128(seed);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick on an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** An index drawn with the given non-negative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** A stable random subset of `count` distinct items (order of the source kept). */
  sample<T>(items: readonly T[], count: number): T[] {
    const keyed = items.map((item, i) => ({ item, i, k: this.float() }));
    keyed.sort((x, y) => x.k - y.k);
    return keyed
      .slice(0, Math.min(count, items.length))
      .sort((x, y) => x.i - y.i)
      .map((x) => x.item);
  }

  /** A count with mean `mean` (Poisson for small means, rounded normal for large ones). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** `n` lower-case hex characters. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[this.next() & 15];
    return s;
  }

  /** `n` characters of [A-Za-z0-9]. */
  alnum(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += ALNUM[this.next() % 62];
    return s;
  }

  /** `n` characters of the AWS key alphabet (A-Z, 2-7). */
  key(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += KEY_CHARS[this.next() & 31];
    return s;
  }

  /** A random (version 4) UUID, as CloudTrail writes eventID and most requestIDs. */
  uuid(): string {
    const a = this.next();
    const b = this.next();
    const c = this.next();
    const d = this.next();
    const x = (v: number, shift: number): string => BYTE_HEX[(v >>> shift) & 255] as string;
    return `${x(a, 24)}${x(a, 16)}${x(a, 8)}${x(a, 0)}-${x(b, 24)}${x(b, 16)}-4${HEX[(b >>> 8) & 15]}${x(b, 0)}-${HEX[8 + ((c >>> 28) & 3)]}${HEX[(c >>> 24) & 15]}${x(c, 16)}-${x(c, 8)}${x(c, 0)}${x(d, 24)}${x(d, 16)}${x(d, 8)}${x(d, 0)}`;
  }

  /** A fresh stream derived from this one and a label (does not disturb this stream's sequence much). */
  fork(label: string): Rng {
    return new Rng(`${this.next()}:${this.next()}:${label}`);
  }
}

/** A stream for one purpose, derived only from the seed and labels (order-independent). */
export function rngFor(seed: string | number, ...labels: Array<string | number>): Rng {
  return new Rng(`${seed}\u001f${labels.join('\u001f')}`);
}
