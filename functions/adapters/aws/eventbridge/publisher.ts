/**
 * The EventBridge adapter of the FindingBus port. Findings go to the central bus by ARN (a
 * cross-account target) as `Anomaly Finding` entries; failed entries (FailedEntryCount / ErrorCode)
 * and throttled calls are retried with jittered backoff; whatever still fails is returned in
 * `failed` so the run does not commit it (it is retried by the next run).
 * @module
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Finding, FindingBus, Heartbeat, PublishResult } from '../../../engine/findings/index.js';
import {
  AwsAdapterError,
  backoffDelay,
  errorMessage,
  isRetryable,
  realSleep,
  RetriesExhaustedError,
  withRetry,
  type AwsCallCounter,
  type Sleep,
} from '../shared/index.js';
import { AgentEvent, entrySize, MAX_ENTRY_BYTES, packCalls, planFindingEntries, type PlannedEntry } from './entries.js';

/** Entry error codes that no retry can fix (the request itself is wrong or not allowed). */
const PERMANENT_ENTRY_CODES: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'ValidationException',
  'MalformedDetail',
  'InvalidArgument',
  'NotAuthorizedForSourceException',
  'ResourceNotFoundException',
]);

interface EntryFailure {
  entry: PlannedEntry;
  reason: string;
  permanent: boolean;
}

/** The slice of the EventBridge client used here (tests and wrappers pass anything with `send`). */
export type EventBridgeSender = Pick<EventBridgeClient, 'send'>;

/** Options of {@link EventBridgeFindingBus}. */
export interface EventBridgeFindingBusOptions {
  /** The central bus ARN (`arn:aws:events:REGION:ACCOUNT:event-bus/NAME`). */
  busArn: string;
  client?: EventBridgeSender;
  source?: string;
  counter?: AwsCallCounter;
  sleep?: Sleep;
  random?: () => number;
  /** Rounds of retrying failed entries (default 6). */
  maxAttempts?: number;
  /** Entry and request size limit (default 256 KB; tests lower it). */
  maxBytes?: number;
}

/** FindingBus publishing to EventBridge. */
export class EventBridgeFindingBus implements FindingBus {
  private readonly client: EventBridgeSender;
  private readonly source: string;
  private readonly maxBytes: number;

  constructor(private readonly options: EventBridgeFindingBusOptions) {
    if (!/^arn:aws[a-z-]*:events:[^:]+:\d{12}:event-bus\/.+$/.test(options.busArn)) {
      throw new Error(`EventBridgeFindingBus needs an event bus ARN, got "${options.busArn}"`);
    }
    this.client = options.client ?? new EventBridgeClient({});
    this.source = options.source ?? AgentEvent.Source;
    this.maxBytes = options.maxBytes ?? MAX_ENTRY_BYTES;
  }

  async publish(findings: readonly Finding[]): Promise<PublishResult> {
    const { entries, oversize } = planFindingEntries(findings, this.maxBytes, this.source);
    const failed: PublishResult['failed'] = oversize.map((finding) => ({
      finding,
      reason: `oversize: does not fit ${this.maxBytes} bytes even trimmed`,
    }));
    const undelivered = await this.send(entries);
    let published = 0;
    for (const entry of entries) {
      const reason = undelivered.get(entry);
      if (reason === undefined) published += entry.findings.length;
      else for (const finding of entry.findings) failed.push({ finding, reason });
    }
    this.options.counter?.events(published, failed.length);
    return { published, failed };
  }

  async heartbeat(heartbeat: Heartbeat): Promise<void> {
    let beat = heartbeat;
    let detail = JSON.stringify(beat);
    while (entrySize(this.source, AgentEvent.Heartbeat, detail) > this.maxBytes && beat.learnedActions.length > 0) {
      beat = {
        ...beat,
        learnedActions: beat.learnedActions.slice(0, Math.floor(beat.learnedActions.length / 2)),
        counts: { ...beat.counts, learnedActionsTruncated: heartbeat.learnedActions.length },
      };
      detail = JSON.stringify(beat);
    }
    const entry: PlannedEntry = {
      detailType: AgentEvent.Heartbeat,
      detail,
      bytes: entrySize(this.source, AgentEvent.Heartbeat, detail),
      findings: [],
    };
    const undelivered = await this.send([entry]);
    const reason = undelivered.get(entry);
    if (reason !== undefined) throw new AwsAdapterError(`heartbeat not delivered: ${reason}`);
  }

  /** Sends entries; returns the ones still undelivered after all retries, with the last reason. */
  private async send(entries: readonly PlannedEntry[]): Promise<Map<PlannedEntry, string>> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    const sleep = this.options.sleep ?? realSleep;
    const undelivered = new Map<PlannedEntry, string>();
    let pending = [...entries];
    for (let round = 0; pending.length > 0 && round < maxAttempts; round += 1) {
      if (round > 0) await sleep(backoffDelay(round - 1, { baseMs: 200, capMs: 5000, random: this.options.random }));
      const retry: PlannedEntry[] = [];
      for (const call of packCalls(pending, this.maxBytes)) {
        const failures = await this.putEvents(call);
        for (const entry of call) undelivered.delete(entry);
        for (const { entry, reason, permanent } of failures) {
          undelivered.set(entry, reason);
          if (!permanent) retry.push(entry);
        }
      }
      pending = retry;
    }
    return undelivered;
  }

  /** One PutEvents call (throttling retried); returns failed entries with their reason. */
  private async putEvents(call: readonly PlannedEntry[]): Promise<EntryFailure[]> {
    const request: PutEventsRequestEntry[] = call.map((e) => ({
      EventBusName: this.options.busArn,
      Source: this.source,
      DetailType: e.detailType,
      Detail: e.detail,
    }));
    try {
      const response = await withRetry(
        () => {
          this.options.counter?.call('events:PutEvents');
          return this.client.send(new PutEventsCommand({ Entries: request }));
        },
        {
          operation: 'events:PutEvents',
          maxAttempts: this.options.maxAttempts ?? 6,
          sleep: this.options.sleep,
          random: this.options.random,
        },
      );
      if (!response.FailedEntryCount) return [];
      const failures: EntryFailure[] = [];
      call.forEach((entry, i) => {
        const result = response.Entries?.[i];
        // the response lists entries in request order; an entry without EventId did not go through
        if (result === undefined || result.ErrorCode !== undefined || result.EventId === undefined) {
          const code = result?.ErrorCode ?? 'NoEventId';
          failures.push({
            entry,
            reason: `${code}: ${result?.ErrorMessage ?? 'entry not accepted'}`,
            permanent: PERMANENT_ENTRY_CODES.has(code),
          });
        }
      });
      return failures;
    } catch (error) {
      // throttling was retried inside withRetry; what reaches here is final for this round
      const permanent = !isRetryable(error) && !(error instanceof RetriesExhaustedError);
      return call.map((entry) => ({ entry, reason: errorMessage(error), permanent }));
    }
  }
}
