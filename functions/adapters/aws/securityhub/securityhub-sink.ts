/**
 * The Security Hub sink: BatchImportFindings in pages of 100 with the ASFF mapping of each alert.
 * The alert id is the finding id, so a later revision updates the finding instead of adding one.
 * FailedFindings with a transient error code are retried; the rest are reported per alert.
 * @module
 */
import {
  BatchImportFindingsCommand,
  type AwsSecurityFinding,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { AlertSink, SinkOutcome } from '../../../engine/aggregate/index.js';
import type { Alert } from '../../../engine/findings/index.js';
import { fitAlert } from '../../http/index.js';
import {
  backoffDelay,
  chunk,
  errorMessage,
  realSleep,
  withRetry,
  type AwsCallCounter,
  type Sleep,
} from '../shared/index.js';

/** Maps an alert to ASFF (the findings engine's `alertToAsff`, or a stand-in). */
export type AsffMapper = (alert: Alert) => AwsSecurityFinding;

export interface SecurityHubSinkOptions {
  client: Pick<SecurityHubClient, 'send'>;
  toAsff: AsffMapper;
  counter?: AwsCallCounter;
  sleep?: Sleep;
  /** Rounds for FailedFindings with a transient error (default 3). */
  maxAttempts?: number;
}

/** Security Hub refuses findings over 240 KB. */
const MAX_FINDING_BYTES = 240 * 1024;
const TRANSIENT = /throttl|internal|limitexceeded|unavailable|timeout/i;

/** The ASFF finding of an alert, with evidence samples dropped if it would exceed the size limit. */
export function asffOf(alert: Alert, toAsff: AsffMapper): AwsSecurityFinding {
  const full = toAsff(alert);
  if (Buffer.byteLength(JSON.stringify(full)) <= MAX_FINDING_BYTES) return full;
  return toAsff(fitAlert(alert, 100_000));
}

/** Creates the Security Hub sink (named `securityhub`). */
export function createSecurityHubSink(o: SecurityHubSinkOptions): AlertSink {
  const sleep = o.sleep ?? realSleep;
  return {
    name: 'securityhub',
    async send(alerts: readonly Alert[]): Promise<SinkOutcome[]> {
      const outcomes = new Map<string, SinkOutcome>();
      const pending: Array<{ alert: Alert; finding: AwsSecurityFinding }> = [];
      for (const alert of alerts) {
        try {
          pending.push({ alert, finding: asffOf(alert, o.toAsff) });
        } catch (error) {
          outcomes.set(alert.id, {
            alertId: alert.id,
            ok: false,
            reason: `Security Hub: ASFF mapping failed: ${errorMessage(error)}`,
          });
        }
      }
      for (const page of chunk(pending, 100)) {
        let todo = page;
        for (let round = 0; todo.length > 0; round++) {
          if (round > 0) await sleep(backoffDelay(round - 1, { baseMs: 200, capMs: 3000 }));
          const batch = todo;
          todo = [];
          try {
            const response = await withRetry(
              () => {
                o.counter?.call('securityhub:BatchImportFindings');
                return o.client.send(new BatchImportFindingsCommand({ Findings: batch.map((p) => p.finding) }));
              },
              { operation: 'securityhub:BatchImportFindings', maxAttempts: 4, ...(o.sleep ? { sleep: o.sleep } : {}) },
            );
            const failed = new Map((response.FailedFindings ?? []).map((f) => [f.Id ?? '', f]));
            for (const p of batch) {
              const f = failed.get(p.finding.Id ?? '');
              if (!f) outcomes.set(p.alert.id, { alertId: p.alert.id, ok: true });
              else if (TRANSIENT.test(f.ErrorCode ?? '') && round + 1 < (o.maxAttempts ?? 3)) todo.push(p);
              else
                outcomes.set(p.alert.id, {
                  alertId: p.alert.id,
                  ok: false,
                  reason: `Security Hub: ${f.ErrorCode ?? 'FailedFinding'}: ${f.ErrorMessage ?? ''}`.trim(),
                });
            }
          } catch (error) {
            for (const p of batch)
              outcomes.set(p.alert.id, {
                alertId: p.alert.id,
                ok: false,
                reason: `Security Hub: ${errorMessage(error)}`,
              });
          }
        }
      }
      return alerts.map((a) => outcomes.get(a.id) ?? { alertId: a.id, ok: false, reason: 'Security Hub: no outcome' });
    },
  };
}
