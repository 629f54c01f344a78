/** The in-process FindingBus of the local scan: validates findings at the boundary and keeps them for the aggregator. */
import {
  findingSchema,
  type Finding,
  type FindingBus,
  type Heartbeat,
  type PublishResult,
} from '../../engine/findings/index.js';

/** Collects published findings and heartbeats in memory. */
export class MemoryBus implements FindingBus {
  readonly findings: Finding[] = [];
  readonly heartbeats: Heartbeat[] = [];

  async publish(findings: readonly Finding[]): Promise<PublishResult> {
    const failed: PublishResult['failed'] = [];
    for (const finding of findings) {
      const parsed = findingSchema.safeParse(finding);
      if (parsed.success) this.findings.push(parsed.data);
      else failed.push({ finding, reason: `invalid finding: ${parsed.error.issues[0]?.message ?? 'schema'}` });
    }
    return { published: findings.length - failed.length, failed };
  }

  async heartbeat(heartbeat: Heartbeat): Promise<void> {
    this.heartbeats.push(heartbeat);
  }
}
