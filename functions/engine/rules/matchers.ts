/** Small predicates the catalog shares: which event a record is, and its request/response fields. */
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import { field, flag, text } from './fields.js';

/** Whether the record is `<service>.amazonaws.com` with one of `names`. */
export function isEvent(record: CloudTrailRecord, service: string, ...names: string[]): boolean {
  return (
    record.eventSource === `${service}.amazonaws.com` &&
    typeof record.eventName === 'string' &&
    names.includes(record.eventName)
  );
}

/** A request parameter, keys matched case-insensitively. */
export function req(record: CloudTrailRecord, path: string): unknown {
  return field(record.requestParameters, path);
}

/** A response element, keys matched case-insensitively. */
export function res(record: CloudTrailRecord, path: string): unknown {
  return field(record.responseElements, path);
}

/** The first non-empty string among request paths, then response paths. */
export function reqText(record: CloudTrailRecord, ...paths: string[]): string | undefined {
  return text(record.requestParameters, ...paths) ?? text(record.responseElements, ...paths);
}

/** A prefilter clause for one service's event names. */
export function clause(service: string, ...eventNames: string[]): { eventSources: string[]; eventNames: string[] } {
  return { eventSources: [`${service}.amazonaws.com`], eventNames };
}

/** Dedupe key grouping one principal's repeats of one action within an hour of event time. */
export function hourlyKey(record: CloudTrailRecord, ...parts: string[]): string {
  const hour = typeof record.eventTime === 'string' ? record.eventTime.slice(0, 13) : 'unknown-time';
  return [hour, ...parts].join('|');
}

const READ_PREFIX =
  /^(Get|List|Describe|Head|Lookup|Search|Check|Validate|BatchGet|Query|Scan|Estimate|Preview|Simulate|View)/;

/** Whether the call only reads: CloudTrail's `readOnly`, else the verb of the event name. */
export function isReadOnly(record: CloudTrailRecord): boolean {
  return flag(record.readOnly) ?? READ_PREFIX.test(record.eventName ?? '');
}

/**
 * The resource a denied call targeted, read from AWS's message (`... on resource: arn:...:trail/name
 * because ...`): the last path segment of the ARN, or the ARN's resource part.
 */
export function deniedResource(record: CloudTrailRecord): string | undefined {
  const message =
    typeof record.errorMessage === 'string' ? record.errorMessage : text(record.responseElements, 'message');
  const m = message === undefined ? null : /on resource: ([^\s]+)/.exec(message);
  const arn = m?.[1];
  if (arn === undefined || arn === '*') return undefined;
  const logGroup = /:log-group:([^:]+)(?::log-stream:([^:]*))?/.exec(arn);
  if (logGroup) return logGroup[2] || logGroup[1];
  const tail = arn
    .split(/[/:]/)
    .filter((p) => p !== '')
    .pop();
  return tail === undefined || tail.length > 256 ? undefined : tail;
}

/** `' name'` when the name is known, `''` otherwise: for titles that read well either way. */
export function named(name: string | undefined): string {
  return name === undefined || name === '' ? '' : ` ${name}`;
}
