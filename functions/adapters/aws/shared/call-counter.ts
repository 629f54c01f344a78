/** Counts AWS calls and bytes scanned per run: for the heartbeat, the logs and the cost bench. */

/** Calls by `service:Operation`, plus Athena bytes scanned and query time. */
export interface AwsCallCounts {
  calls: Record<string, number>;
  /** DynamoDB read units (a strongly consistent read of a key is 1, eventually 0.5; missing keys count) and write units (failed conditions count). */
  items: { read: number; written: number };
  athena: { queries: number; bytesScanned: number; executionMs: number };
  events: { published: number; failed: number };
}

/** A mutable counter shared by the adapters of one run. */
export class AwsCallCounter {
  private counts: AwsCallCounts = AwsCallCounter.empty();

  static empty(): AwsCallCounts {
    return {
      calls: {},
      items: { read: 0, written: 0 },
      athena: { queries: 0, bytesScanned: 0, executionMs: 0 },
      events: { published: 0, failed: 0 },
    };
  }

  /** One call to `service:Operation` (e.g. `dynamodb:BatchGetItem`). */
  call(operation: string, n = 1): void {
    this.counts.calls[operation] = (this.counts.calls[operation] ?? 0) + n;
  }

  itemsRead(n: number): void {
    this.counts.items.read += n;
  }

  itemsWritten(n: number): void {
    this.counts.items.written += n;
  }

  athenaQuery(bytesScanned: number, executionMs: number): void {
    this.counts.athena.queries += 1;
    this.counts.athena.bytesScanned += bytesScanned;
    this.counts.athena.executionMs += executionMs;
  }

  events(published: number, failed: number): void {
    this.counts.events.published += published;
    this.counts.events.failed += failed;
  }

  /** Total calls to operations of one service prefix (e.g. `dynamodb`). */
  total(service: string): number {
    return Object.entries(this.counts.calls)
      .filter(([op]) => op.startsWith(`${service}:`))
      .reduce((sum, [, n]) => sum + n, 0);
  }

  /** A copy of the counts so far. */
  snapshot(): AwsCallCounts {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.counts = AwsCallCounter.empty();
  }
}
