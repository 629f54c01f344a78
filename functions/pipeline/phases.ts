/**
 * Where a scan's time goes: wall time per phase (discovery, staging, folding, window loop, rules, evidence,
 * aggregation, output), printed by `ct-anomaly scan --timings` and by the benchmark.
 * @module
 */

/** The phases of a scan, in the order they run. */
export const SCAN_PHASES = [
  'discovery',
  'staging',
  'folding',
  'window loop',
  'rules',
  'evidence',
  'aggregation',
  'output',
] as const;
export type ScanPhase = (typeof SCAN_PHASES)[number];

/** Accumulates wall time per phase; a phase measured inside another is subtracted from it (`within`). */
export class PhaseClock {
  private readonly ms = new Map<string, number>();

  /** Adds `ms` to a phase. */
  add(phase: ScanPhase, ms: number): void {
    this.ms.set(phase, (this.ms.get(phase) ?? 0) + ms);
  }

  /** Runs `fn` and adds its wall time to `phase`. */
  async time<T>(phase: ScanPhase, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  /** Runs a synchronous `fn` and adds its wall time to `phase`, taking it out of `within`. */
  timeSync<T>(phase: ScanPhase, fn: () => T, within?: ScanPhase): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      const spent = performance.now() - t0;
      this.add(phase, spent);
      if (within) this.add(within, -spent);
    }
  }

  /** Milliseconds per phase, in phase order (phases never entered are 0). */
  entries(): Array<[ScanPhase, number]> {
    return SCAN_PHASES.map((p) => [p, Math.max(0, this.ms.get(p) ?? 0)]);
  }

  /** The phase table as text lines: phase, seconds, share of `totalMs`. */
  format(totalMs: number): string[] {
    const rows = this.entries();
    const other = totalMs - rows.reduce((n, [, ms]) => n + ms, 0);
    return [...rows, ['other', Math.max(0, other)] as const].map(
      ([phase, ms]) =>
        `${phase.padEnd(12)} ${(ms / 1000).toFixed(2).padStart(7)} s ${((100 * ms) / Math.max(1, totalMs)).toFixed(0).padStart(3)}%`,
    );
  }
}
