/**
 * The S3 layout CloudTrail delivers into, read from a file path:
 * `[prefix/]AWSLogs/[o-xxxx/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_xxx.json.gz`.
 * Digest and Insight files live beside the logs (`CloudTrail-Digest/`, `CloudTrail-Insight/`) and are told apart here.
 * Pure string work: no file is opened.
 * @module
 */

/** What a path says about a file, from its folders and name alone. */
export const PathKind = {
  /** Under `CloudTrail/` of the S3 layout, or named `..._CloudTrail_...`. */
  CloudTrail: 'cloudtrail',
  Digest: 'digest',
  Insight: 'insight',
  /** Nothing in the path says what it is. */
  Other: 'other',
} as const;
export type PathKind = (typeof PathKind)[keyof typeof PathKind];

/** Where a file sits in the S3 layout: the partition values the Athena table projects too. */
export interface Layout {
  orgId: string | null;
  accountId: string;
  region: string;
  /** The delivery date of the folder, YYYY-MM-DD (not the event time: events near midnight land a day later). */
  date: string;
  /** ISO time from the file name (`..._20150801T0210Z_...`), null when the name is not CloudTrail's. */
  deliveredAt: string | null;
}

/** A path classified: its kind, and its layout when it sits in the S3 layout. */
export interface PathInfo {
  kind: PathKind;
  layout: Layout | null;
}

/** The file extensions a CloudTrail reader accepts (lower case, longest first). */
export const INPUT_EXTENSIONS = ['.jsonl.gz', '.ndjson.gz', '.json.gz', '.jsonl', '.ndjson', '.json'] as const;

const FOLDERS =
  /(?:^|\/)(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/(CloudTrail|CloudTrail-Digest|CloudTrail-Insight)\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/;
const DELIVERED = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z/;
const KIND_OF_FOLDER: Record<string, PathKind> = {
  CloudTrail: PathKind.CloudTrail,
  'CloudTrail-Digest': PathKind.Digest,
  'CloudTrail-Insight': PathKind.Insight,
};

/** The extension of `path` among {@link INPUT_EXTENSIONS}, or null. */
export function inputExtension(path: string): (typeof INPUT_EXTENSIONS)[number] | null {
  const lower = path.toLowerCase();
  return INPUT_EXTENSIONS.find((ext) => lower.endsWith(ext)) ?? null;
}

/** Parses the delivery time from a CloudTrail file name; null when the name carries none or it is not a real time. */
export function deliveredAtOf(fileName: string): string | null {
  const m = DELIVERED.exec(fileName);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}Z`;
  return validDate(Number(y), Number(mo), Number(d)) && Number(h) < 24 && Number(mi) < 60 ? iso : null;
}

/** Classifies a path (either separator) by its folders and file name. */
export function classifyPath(path: string): PathInfo {
  const normal = path.replace(/\\/g, '/');
  const name = normal.slice(normal.lastIndexOf('/') + 1);
  const byName = kindOfName(name);
  const m = FOLDERS.exec(normal);
  if (m === null) return { kind: byName, layout: null };
  const [, orgId, accountId, folder, region, y, mo, d] = m as unknown as [
    string,
    string | undefined,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const kind = byName === PathKind.Other ? (KIND_OF_FOLDER[folder] ?? PathKind.Other) : byName;
  if (!validDate(Number(y), Number(mo), Number(d))) return { kind, layout: null };
  const layout: Layout = {
    orgId: orgId ?? null,
    accountId,
    region,
    date: `${y}-${mo}-${d}`,
    deliveredAt: deliveredAtOf(name),
  };
  return { kind, layout };
}

function kindOfName(name: string): PathKind {
  if (name.includes('_CloudTrail-Digest_')) return PathKind.Digest;
  if (name.includes('_CloudTrail-Insight_')) return PathKind.Insight;
  if (/^\d{12}_CloudTrail_/.test(name)) return PathKind.CloudTrail;
  return PathKind.Other;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
