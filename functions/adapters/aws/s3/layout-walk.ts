/**
 * Where a folder of an S3 listing sits in CloudTrail's layout
 * (`[prefix/]AWSLogs/[o-xxxx/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/`), and whether the selection keeps it:
 * the listing descends only into selected accounts, regions and days, so nothing else is listed or fetched.
 * Pure string work.
 * @module
 */
import type { LayoutSelection } from '../../../engine/cloudtrail/index.js';

/** A level of the layout; `outside`: a folder that is not (yet) the layout (a bucket prefix, an export). */
export type Level = 'outside' | 'logs' | 'account' | 'trail' | 'region' | 'year' | 'month' | 'day';

/** Where a walk is: the level and the date parts read so far. */
export interface Place {
  level: Level;
  year?: string;
  month?: string;
}

const ACCOUNT = /^\d{12}$/;
const ORG = /^o-[a-z0-9]{10,32}$/;

const between = (value: string, from: string | undefined, to: string | undefined): boolean =>
  (from === undefined || value >= from) && (to === undefined || value <= to);

/** The place of a child folder `name` of a folder at `place`, or null when the selection prunes it. */
export function descend(place: Place, name: string, s: LayoutSelection): Place | null {
  const from = s.fromDay;
  const to = s.toDay;
  switch (place.level) {
    case 'outside':
      if (name === 'AWSLogs') return { level: 'logs' };
      if (ACCOUNT.test(name)) return s.accounts && !s.accounts.includes(name) ? null : { level: 'account' };
      return { level: 'outside' };
    case 'logs':
      if (ORG.test(name)) return { level: 'logs' };
      if (ACCOUNT.test(name)) return s.accounts && !s.accounts.includes(name) ? null : { level: 'account' };
      return null;
    case 'account':
      // Digest and Insight files are never read: their folders are not even listed.
      return name === 'CloudTrail' ? { level: 'trail' } : null;
    case 'trail':
      return s.regions && !s.regions.includes(name) ? null : { level: 'region' };
    case 'region':
      return /^\d{4}$/.test(name) && between(name, from?.slice(0, 4), to?.slice(0, 4))
        ? { level: 'year', year: name }
        : null;
    case 'year': {
      const month = `${place.year}-${name}`;
      return /^\d{2}$/.test(name) && between(month, from?.slice(0, 7), to?.slice(0, 7))
        ? { level: 'month', year: place.year!, month: name }
        : null;
    }
    case 'month': {
      const day = `${place.year}-${place.month}-${name}`;
      return /^\d{2}$/.test(name) && between(day, from, to) ? { level: 'day' } : null;
    }
    case 'day':
      return null;
  }
}

/** The place of the folder a user's prefix names (its segments walked from the bucket root), or null if pruned. */
export function placeOfPrefix(prefix: string, s: LayoutSelection): Place | null {
  let place: Place | null = { level: 'outside' };
  for (const segment of prefix.split('/').filter(Boolean)) {
    place = descend(place, segment, s);
    if (place === null) return null;
  }
  return place;
}
