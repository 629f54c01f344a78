/**
 * The files a scan reads, held column by column: an export of a few million small delivery files must not cost
 * a few hundred bytes of objects each for the whole scan. A file is its folder (shared by the files beside it), its
 * name, its size, its format bits and its place in the S3 layout (shared: few accounts, regions, days and delivery
 * stamps); {@link FileTable.at} gives it back as an {@link InputFile}, made when asked for.
 * @module
 */
import { sep } from 'node:path';
import type { Layout } from '../../../engine/cloudtrail/layout.js';
import type { InputFile, InputFormat } from './input.js';

const FORMATS: readonly InputFormat[] = ['delivery', 'array', 'lines'];
const COMPRESSED = 4;
const MULTILINE = 8;
const SNIFFED = 16;

/** Values shared by the rows of a table and of the tables filtered from it, each stored once. */
class Dictionary<T> {
  readonly values: T[] = [];
  readonly #ids = new Map<string, number>();

  id(key: string, value: () => T): number {
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.values.push(value()) - 1;
      this.#ids.set(key, id);
    }
    return id;
  }
}

type Place = Omit<Layout, 'deliveredAt'>;

interface Shared {
  folders: Dictionary<string>;
  places: Dictionary<Place>;
  stamps: Dictionary<string>;
}

function layoutAt(place: Place, deliveredAt: string | null): Layout {
  return { orgId: place.orgId, accountId: place.accountId, region: place.region, date: place.date, deliveredAt };
}

/** A column of numbers that grows by doubling. */
function grown<A extends Int32Array | Float64Array | Uint8Array>(array: A, length: number): A {
  if (length < array.length) return array;
  const next = new (array.constructor as new (n: number) => A)(Math.max(16, array.length * 2));
  next.set(array);
  return next;
}

/** Files in order, each {@link InputFile} made on demand from compact columns (about 120 bytes a file). */
export class FileTable implements Iterable<InputFile> {
  #length = 0;
  /** The folder's id, or -1 when the name is the whole path. */
  #folder = new Int32Array(0);
  #names: string[] = [];
  #size = new Float64Array(0);
  #bits = new Uint8Array(0);
  /** The layout's place (-1: outside the layout) and delivery stamp (-1: none). */
  #place = new Int32Array(0);
  #stamp = new Int32Array(0);
  readonly #shared: Shared;

  constructor(shared?: Shared) {
    this.#shared = shared ?? { folders: new Dictionary(), places: new Dictionary(), stamps: new Dictionary() };
  }

  /** A table of these files, in this order. */
  static of(files: Iterable<InputFile>): FileTable {
    const table = new FileTable();
    for (const file of files) table.add(file);
    return table;
  }

  get length(): number {
    return this.#length;
  }

  /**
   * Adds a file. `name` is its name as the folder listing gave it, when known: a name cut from the path would keep
   * the whole path alive.
   */
  add(file: InputFile, name?: string): void {
    const { path, layout } = file;
    const own = name ?? path.slice(path.lastIndexOf(sep) + 1);
    const cut = path.length - own.length - 1;
    const inFolder = own.length > 0 && cut >= 0 && path[cut] === sep && path.endsWith(own);
    const { folders, places, stamps } = this.#shared;
    const folder = inFolder ? path.slice(0, cut) : '';
    this.#push(
      inFolder ? folders.id(folder, () => folder) : -1,
      inFolder ? own : path,
      file.size,
      FORMATS.indexOf(file.format) |
        (file.compressed ? COMPRESSED : 0) |
        (file.multiline ? MULTILINE : 0) |
        (file.sniffed ? SNIFFED : 0),
      layout === null
        ? -1
        : places.id(`${layout.orgId}\u0000${layout.accountId}\u0000${layout.region}\u0000${layout.date}`, () => ({
            orgId: layout.orgId,
            accountId: layout.accountId,
            region: layout.region,
            date: layout.date,
          })),
      layout?.deliveredAt == null ? -1 : stamps.id(layout.deliveredAt, () => layout.deliveredAt as string),
    );
  }

  #push(folder: number, name: string, size: number, bits: number, place: number, stamp: number): void {
    const i = this.#length++;
    this.#folder = grown(this.#folder, i);
    this.#size = grown(this.#size, i);
    this.#bits = grown(this.#bits, i);
    this.#place = grown(this.#place, i);
    this.#stamp = grown(this.#stamp, i);
    this.#folder[i] = folder;
    this.#names.push(name);
    this.#size[i] = size;
    this.#bits[i] = bits;
    this.#place[i] = place;
    this.#stamp[i] = stamp;
  }

  /** The file at `i` (0 <= i < length). */
  at(i: number): InputFile {
    if (!(i >= 0 && i < this.#length)) throw new RangeError(`no file ${i} in a table of ${this.#length}`);
    const folder = this.#folder[i]!;
    const name = this.#names[i]!;
    const bits = this.#bits[i]!;
    const place = this.#place[i]!;
    const stamp = this.#stamp[i]!;
    const { folders, places, stamps } = this.#shared;
    return {
      path: folder < 0 ? name : `${folders.values[folder]}${sep}${name}`,
      size: this.#size[i]!,
      compressed: (bits & COMPRESSED) !== 0,
      format: FORMATS[bits & 3]!,
      layout: place < 0 ? null : layoutAt(places.values[place]!, stamp < 0 ? null : stamps.values[stamp]!),
      multiline: (bits & MULTILINE) !== 0,
      sniffed: (bits & SNIFFED) !== 0,
    };
  }

  /** The accounts of the S3 layout the files sit in. */
  accounts(): Set<string> {
    const places = new Set<number>();
    for (let i = 0; i < this.#length; i++) places.add(this.#place[i]!);
    places.delete(-1);
    return new Set([...places].map((place) => this.#shared.places.values[place]!.accountId));
  }

  *[Symbol.iterator](): Iterator<InputFile> {
    for (let i = 0; i < this.#length; i++) yield this.at(i);
  }

  /** The files `keep` accepts, in order, as a table sharing this one's folders and layouts. */
  filter(keep: (file: InputFile, i: number) => boolean): FileTable {
    const out = new FileTable(this.#shared);
    for (let i = 0; i < this.#length; i++) {
      if (!keep(this.at(i), i)) continue;
      out.#push(this.#folder[i]!, this.#names[i]!, this.#size[i]!, this.#bits[i]!, this.#place[i]!, this.#stamp[i]!);
    }
    return out;
  }
}
