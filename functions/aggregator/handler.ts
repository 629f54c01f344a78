/**
 * The aggregator handler, built from its dependencies (the module entry point wires AWS; tests and
 * the bench wire stand-ins). SQS batches report partial failures: a message is retried when a sink
 * failed for one of its alerts, a finding was busy in another invocation, or it was not an agent
 * event at all (then it ends in the DLQ). Rejected findings are logged and counted, never retried.
 * @module
 */
import type { Aggregator, AggregateResult } from '../engine/aggregate/index.js';
import { envelopeOf, isSqsEvent, readSqsBatch } from './events.js';
import { emfLine, MetricNamespace } from '../pipeline/emf.js';
import type { Logger } from '../pipeline/log.js';

/** What the handler needs. */
export interface AggregatorHandlerDeps {
  /** The aggregator for this invocation (rebuilt when the deployment's config changed). */
  aggregator: Aggregator | (() => Promise<Aggregator>);
  log: Logger;
  /** Where the metrics line goes (default stdout). */
  emit?: (line: string) => void;
  clock?: () => number;
}

/** The SQS partial batch response. */
export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

function report(deps: AggregatorHandlerDeps, result: AggregateResult, unreadable: number): void {
  const { log } = deps;
  for (const r of result.rejected)
    log.warn('rejected', {
      reason: r.reason,
      detail: r.detail,
      account: r.account,
      envelopeId: r.envelopeId,
      findingId: r.findingId,
    });
  for (const d of result.deliveries)
    for (const f of d.failed) log.error('sink failed', { alertId: d.alertId, sink: f.sink, reason: f.reason });
  for (const a of result.alerts) {
    log.info('alert', {
      alertId: a.id,
      kind: a.kind,
      severity: a.severity,
      score: a.score,
      accounts: a.accounts,
      title: a.title,
      suppressed: a.suppressed?.reason ?? null,
    });
  }
  const c = result.counts;
  log.info('batch done', { counts: c, unreadable, retried: result.failedEnvelopes.length });
  const metrics = {
    Envelopes: c.envelopes,
    Findings: c.findings,
    Heartbeats: c.heartbeats,
    Rejected: c.rejected,
    Duplicates: c.duplicates,
    Busy: c.busy,
    Suppressed: c.suppressed,
    Alerts: c.alerts,
    Incidents: c.incidents,
    DeliveryFailures: c.deliveryFailures,
    Unreadable: unreadable,
  };
  for (const s of result.expiredSuppressions) {
    log.warn('suppression expired', { id: s.id ?? null, owner: s.owner ?? null, reason: s.reason, expires: s.expires });
  }
  const line = emfLine({
    namespace: MetricNamespace.Central,
    dimensions: { Function: 'aggregator' },
    metrics,
    at: (deps.clock ?? Date.now)(),
  });
  (deps.emit ?? ((l: string) => process.stdout.write(`${l}\n`)))(line);
}

function aggregatorOf(deps: AggregatorHandlerDeps): Promise<Aggregator> | Aggregator {
  return typeof deps.aggregator === 'function' ? deps.aggregator() : deps.aggregator;
}

/** Creates the handler. */
export function createAggregatorHandler(
  deps: AggregatorHandlerDeps,
): (event: unknown) => Promise<BatchResponse | { alerts: number }> {
  return async (event) => {
    if (isSqsEvent(event)) {
      const batch = readSqsBatch(event);
      for (const u of batch.unreadable)
        deps.log.error('unreadable message', { messageId: u.messageId, reason: u.reason });
      const result = await (await aggregatorOf(deps)).ingest(batch.envelopes);
      report(deps, result, batch.unreadable.length);
      const failed = new Set([
        ...result.failedEnvelopes.map((i) => batch.messageIds[i]!),
        ...batch.unreadable.map((u) => u.messageId),
      ]);
      return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
    }
    // Invoked by an EventBridge rule directly: a failure throws, so Lambda's async retries and DLQ apply.
    const env = envelopeOf(event);
    if (typeof env === 'string') {
      deps.log.error('unreadable event', { reason: env });
      throw new Error(`Not an agent event: ${env}`);
    }
    const result = await (await aggregatorOf(deps)).ingest([env]);
    report(deps, result, 0);
    if (result.failedEnvelopes.length > 0)
      throw new Error('Some alerts could not be delivered or a finding is busy; retrying the event');
    return { alerts: result.alerts.length };
  };
}
