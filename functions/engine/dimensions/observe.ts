/**
 * What one window says about each principal beyond its actions: the networks, clients, regions and error
 * families it used, and the network+client pairs, read from the activity rows (the distinct callers the
 * query returned). Bounded: at most `maxValues` values per principal and dimension per window (the
 * earliest), so the baseline reads of a run stay bounded whatever the traffic.
 * @module
 */
import { type ActivityRow, splitCaller } from '../activity/index.js';
import { Dimension } from '../baseline/index.js';
import { clientOf } from './client.js';
import { errorFamilyOf } from './error-family.js';
import type { NetworkResolver } from './network.js';

/** Dimensions beyond `action` that a run can learn. */
export const NOVELTY_DIMENSIONS = [
  Dimension.Network,
  Dimension.Client,
  Dimension.Region,
  Dimension.ErrorCode,
  Dimension.NetworkClient,
] as const;
export type NoveltyDimension = (typeof NOVELTY_DIMENSIONS)[number];

/** How a run observes dimensions: which ones, the network resolver, the per-window bound. */
export interface DimensionHooks {
  dimensions: readonly NoveltyDimension[];
  resolveNetwork: NetworkResolver;
  /** Values kept per principal and dimension in one window (default 8). */
  maxValues?: number;
}

/** One (principal, dimension, value) seen in a window, with the rows it appears in. */
export interface DimensionObservation {
  principalKey: string;
  dimension: NoveltyDimension;
  value: string;
  /** What a person reads: `AS14061 (DigitalOcean, LLC)`, `the AWS CLI`. */
  label: string;
  firstEventTime: string;
  lastEventTime: string;
  rows: ActivityRow[];
  /** AWS's own callers (service names, internal agents) are learned but never reported. */
  silent: boolean;
  /** What the scoring reads: the network's kind and whether it hosts servers, the window's actions. */
  context: Record<string, string | number | boolean | string[]>;
}

const DEFAULT_MAX_VALUES = 8;

/** The observations of one window's rows (already merged per principal and action). */
export function observeDimensions(rows: readonly ActivityRow[], hooks: DimensionHooks): DimensionObservation[] {
  const wanted = new Set<string>(hooks.dimensions);
  if (wanted.size === 0) return [];
  const byKey = new Map<string, DimensionObservation>();
  const actions = new Map<string, Set<string>>();
  const add = (
    row: ActivityRow,
    dimension: NoveltyDimension,
    value: string,
    label: string,
    silent: boolean,
    context: DimensionObservation['context'] = {},
  ): void => {
    if (!wanted.has(dimension)) return;
    const key = `${row.principalKey}\u001f${dimension}\u001f${value}`;
    const prior = byKey.get(key);
    if (prior === undefined) {
      byKey.set(key, {
        principalKey: row.principalKey,
        dimension,
        value,
        label,
        firstEventTime: row.firstEventTime,
        lastEventTime: row.lastEventTime,
        rows: [row],
        silent,
        context: { ...context },
      });
      return;
    }
    if (!prior.rows.includes(row)) prior.rows.push(row);
    if (row.firstEventTime < prior.firstEventTime) prior.firstEventTime = row.firstEventTime;
    if (row.lastEventTime > prior.lastEventTime) prior.lastEventTime = row.lastEventTime;
  };
  for (const row of rows) {
    const set = actions.get(row.principalKey) ?? new Set<string>();
    set.add(row.action);
    actions.set(row.principalKey, set);
    for (const caller of row.callers ?? []) {
      const { networkKey, clientToken } = splitCaller(caller);
      const network = hooks.resolveNetwork(networkKey);
      const client = clientOf(clientToken);
      add(row, Dimension.Network, network.value, network.label, !network.signal, {
        kind: network.kind,
        hosting: network.hosting,
        anonymising: network.anonymising ?? false,
      });
      add(row, Dimension.Client, client.value, client.label, !client.signal);
      if (network.signal && client.signal)
        add(
          row,
          Dimension.NetworkClient,
          `${network.value}|${client.value}`,
          `${client.label} from ${network.label}`,
          false,
        );
    }
    for (const region of row.regions) if (region !== 'unknown') add(row, Dimension.Region, region, region, false);
    for (const code of row.errorCodes) {
      const family = errorFamilyOf(code);
      add(
        row,
        Dimension.ErrorCode,
        family,
        family === 'denied' ? `refused (${code})` : `failed (${code})`,
        family !== 'denied',
      );
    }
  }
  const max = hooks.maxValues ?? DEFAULT_MAX_VALUES;
  const kept = new Map<string, number>();
  const out: DimensionObservation[] = [];
  const ordered = [...byKey.values()].sort(
    (a, b) =>
      a.principalKey.localeCompare(b.principalKey) ||
      a.dimension.localeCompare(b.dimension) ||
      a.firstEventTime.localeCompare(b.firstEventTime) ||
      a.value.localeCompare(b.value),
  );
  for (const o of ordered) {
    const k = `${o.principalKey}\u001f${o.dimension}`;
    const n = kept.get(k) ?? 0;
    if (n >= max) continue;
    kept.set(k, n + 1);
    const called = [...(actions.get(o.principalKey) ?? [])].sort();
    o.context.actions = called.length;
    o.context.sampleActions = called.slice(0, 5);
    out.push(o);
  }
  return out;
}
