/** Envelopes for findings produced in-process (the local scan): one per bus group, as the agent would publish. */
import { groupFindings, type Finding, type FindingBatch } from '../findings/index.js';
import { DetailType, type Envelope } from './types.js';

/**
 * Wraps findings into `Anomaly Finding` envelopes, one per account, principal and window. The envelope
 * account is the finding's own: only use this where the findings were produced by this process.
 */
export function envelopesFromFindings(findings: readonly Finding[]): Envelope[] {
  return [...groupFindings(findings).entries()].map(([groupKey, group]) => {
    const detail: FindingBatch = { schemaVersion: 1, groupKey, part: 0, parts: 1, findings: group };
    return { account: group[0]!.accountId, detailType: DetailType.Finding, detail };
  });
}
