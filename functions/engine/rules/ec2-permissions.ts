/**
 * The permission changes of `ModifySnapshotAttribute` and `ModifyImageAttribute` in both request
 * formats EC2 accepts and CloudTrail logs: the structure (`createVolumePermission` / `launchPermission`
 * with `add` and `remove` lists of `{userId}`, `{group}`, `{organizationArn}`, `{organizationalUnitArn}`)
 * and the flat form (`operationType` add/remove with `userId.N` / `userGroup.N` lists, the CLI's
 * `--user-ids` / `--group-names`), lists wrapped in `{items: [...]}` or bare.
 * @module
 */
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import { field, list, text } from './fields.js';

/** What one call grants or revokes. */
export interface PermissionChange {
  /** Group `all`: everyone. */
  everyone: boolean;
  /** 12-digit account ids. */
  accounts: string[];
  /** Organization and OU ARNs. */
  organizations: string[];
}

const ACCOUNT_KEYS = ['userId', 'userIds', 'UserId'];
const GROUP_KEYS = ['group', 'groups', 'userGroup', 'userGroups', 'groupName', 'groupNames'];
const ORG_KEYS = ['organizationArn', 'organizationArns', 'organizationalUnitArn', 'organizationalUnitArns'];

/** Strings of a value logged as a string, a list of strings, or a list of objects holding one of `keys`. */
function valuesOf(value: unknown, keys: readonly string[]): string[] {
  return list(value).flatMap((item) => {
    if (typeof item === 'string') return [item.trim()];
    if (item === null || typeof item !== 'object') return [];
    const inner = keys.map((k) => text(item, k)).find((v) => v !== undefined);
    return inner === undefined ? [] : [inner.trim()];
  });
}

function collect(container: unknown): PermissionChange {
  const read = (keys: readonly string[]): string[] => keys.flatMap((k) => valuesOf(field(container, k), keys));
  const users = read(ACCOUNT_KEYS);
  const groups = read(GROUP_KEYS);
  return {
    everyone: [...groups, ...users].some((v) => v.toLowerCase() === 'all'),
    accounts: [...new Set(users.filter((v) => /^\d{12}$/.test(v)))],
    organizations: [...new Set(read(ORG_KEYS))],
  };
}

const EMPTY: PermissionChange = { everyone: false, accounts: [], organizations: [] };

function merge(a: PermissionChange, b: PermissionChange): PermissionChange {
  return {
    everyone: a.everyone || b.everyone,
    accounts: [...new Set([...a.accounts, ...b.accounts])],
    organizations: [...new Set([...a.organizations, ...b.organizations])],
  };
}

/**
 * The grants a call adds (`op` 'add') or removes ('remove'); `attribute` is the structure's name
 * (`createVolumePermission` or `launchPermission`).
 */
export function permissionChange(record: CloudTrailRecord, attribute: string, op: 'add' | 'remove'): PermissionChange {
  const request = record.requestParameters;
  const structured = list(field(field(request, attribute), op)).reduce<PermissionChange>(
    (acc, item) => merge(acc, collect(item)),
    EMPTY,
  );
  const operation = text(request, 'operationType')?.toLowerCase();
  const flat = operation === op ? collect(request) : EMPTY;
  return merge(structured, flat);
}
