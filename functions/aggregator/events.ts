/**
 * From what Lambda receives to envelopes: SQS records whose body is an EventBridge event (the
 * deployed path), or one EventBridge event invoking the function directly. The envelope account is
 * the EventBridge `account` field, which the sender cannot choose.
 * @module
 */
import type { Envelope } from '../engine/aggregate/index.js';

/** The agent source the aggregator accepts. */
export const AGENT_SOURCE = 'ct-anomaly.agent';

/** The EventBridge event shape (the fields used). */
export interface EventBridgeEvent {
  id?: string;
  'detail-type'?: string;
  source?: string;
  account?: string;
  time?: string;
  detail?: unknown;
}

/** An SQS record (the fields used). */
export interface SqsRecord {
  messageId: string;
  body: string;
}

/** An SQS event. */
export interface SqsEvent {
  Records: SqsRecord[];
}

/** A message that is not an agent event at all: reported as a batch item failure, so it ends in the DLQ for inspection. */
export interface Unreadable {
  messageId: string;
  reason: string;
}

/** Envelopes of an SQS batch, with the message id of each, and the messages that could not be read. */
export interface ReadBatch {
  envelopes: Envelope[];
  messageIds: string[];
  unreadable: Unreadable[];
}

/** The envelope of one EventBridge event, or why it is not one. */
export function envelopeOf(event: unknown): Envelope | string {
  if (event === null || typeof event !== 'object') return 'not an EventBridge event';
  const e = event as EventBridgeEvent;
  if (typeof e.account !== 'string' || !/^\d{12}$/.test(e.account)) return 'the EventBridge event has no account';
  if (e.source !== AGENT_SOURCE)
    return `source ${JSON.stringify(String(e.source)).slice(0, 80)} is not ${AGENT_SOURCE}`;
  if (typeof e['detail-type'] !== 'string') return 'the EventBridge event has no detail-type';
  return {
    account: e.account,
    detailType: e['detail-type'],
    detail: e.detail,
    ...(e.id ? { id: e.id } : {}),
    ...(e.time ? { time: e.time } : {}),
  };
}

/** Reads an SQS batch. */
export function readSqsBatch(event: SqsEvent): ReadBatch {
  const out: ReadBatch = { envelopes: [], messageIds: [], unreadable: [] };
  for (const record of event.Records) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.body);
    } catch {
      out.unreadable.push({ messageId: record.messageId, reason: 'the message body is not JSON' });
      continue;
    }
    const env = envelopeOf(parsed);
    if (typeof env === 'string') out.unreadable.push({ messageId: record.messageId, reason: env });
    else {
      out.envelopes.push(env);
      out.messageIds.push(record.messageId);
    }
  }
  return out;
}

/** Whether the invocation is an SQS batch. */
export function isSqsEvent(event: unknown): event is SqsEvent {
  return event !== null && typeof event === 'object' && Array.isArray((event as SqsEvent).Records);
}
