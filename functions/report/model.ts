/**
 * Turns the report input into the compact data embedded in the page: a columnar list (parsed at once,
 * drives charts, tables and the list) and the details (parsed when an alert is first opened).
 */
import type { Finding } from '../engine/findings/index.js';
import { SEVERITIES } from '../engine/findings/index.js';
import { clipString, clipValue } from './clip.js';
import { collectSamples } from './samples.js';
import type { ReportInput, ReportLimits, ReportPrincipal } from './types.js';

/** Alert kinds in the order the page indexes them. */
export const KINDS = ['first-seen', 'rule', 'incident', 'health'] as const;

/** Limits scaled to the number of alerts, so the page stays quick to open. */
export function defaultLimits(alertCount: number): ReportLimits {
  const samplesPerAlert = alertCount <= 2_000 ? 5 : alertCount <= 5_000 ? 3 : alertCount <= 20_000 ? 2 : 1;
  return {
    samplesPerAlert,
    findingsPerAlert: alertCount <= 2_000 ? 50 : 20,
    evidencePerList: 10,
    maxString: 2_000,
    valuesInList: 8,
  };
}

/** The list part: one column per field, indexes into `dict`. */
export interface ListData {
  version: 1;
  meta: Record<string, unknown>;
  dict: { accounts: string[]; principals: ReportPrincipal[]; detectors: string[] };
  alerts: {
    id: string[];
    sev: number[];
    kind: number[];
    score: number[];
    title: string[];
    acc: number[][];
    pr: number[][];
    det: number[][];
    t0: Array<number | null>;
    t1: Array<number | null>;
    sup: Array<string | null>;
    vals: string[][];
    nval: number[];
  };
  activity: { t: number[]; acc: number[]; n: number[] } | null;
  baselines: Record<string, [number | null, number]>;
  summary: unknown;
  /** A hunt's trail (records are in the details). */
  trail: {
    selectors: string[];
    t: Array<number | null>;
    acc: number[];
    region: Array<string | null>;
    who: string[];
    action: string[];
    ip: Array<string | null>;
    key: Array<string | null>;
    via: string[];
    marks: string[][];
  } | null;
  /** The hunt command for an alert's actors (without selectors). */
  pivot: string | null;
}

/** The details part: per alert, in list order, plus the deduplicated raw records. */
export interface DetailsData {
  alerts: unknown[];
  samples: unknown[];
  /** The raw records of the trail, in trail order. */
  trail: unknown[];
}

class Interner<T> {
  readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly keyOf: (item: T) => string) {}
  add(item: T): number {
    const key = this.keyOf(item);
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.items.length;
      this.items.push(item);
      this.index.set(key, at);
    }
    return at;
  }
}

function timeMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function findingDetail(
  finding: Finding,
  limits: ReportLimits,
  accounts: Interner<string>,
  principals: Interner<ReportPrincipal>,
  sampleRefs: number[],
) {
  const clip = (v: unknown) => clipValue(v, { maxString: limits.maxString });
  const ev = finding.evidence;
  const n = limits.evidencePerList;
  const head = (list: readonly string[]) => list.slice(0, n).map((v) => clipString(v, limits.maxString));
  const more = (list: readonly string[]) => Math.max(0, list.length - n);
  return {
    det: finding.detectorId,
    title: clipString(finding.title, limits.maxString),
    kind: finding.kind,
    acc: accounts.add(finding.accountId),
    region: finding.region,
    pr: principals.add(finding.principal),
    dim: finding.dimension,
    value: clipString(finding.value, limits.maxString),
    count: finding.count,
    err: finding.errorCount,
    t0: finding.firstEventTime,
    t1: finding.lastEventTime,
    win: finding.window,
    sev: SEVERITIES.indexOf(finding.severity),
    score: finding.score,
    reasons: clip(finding.reasons),
    mitre: finding.mitre,
    runbook: finding.runbook,
    flags: clip(finding.flags),
    context: clip(finding.context),
    ev: {
      ids: head(ev.eventIds),
      ips: head(ev.sourceIps),
      uas: head(ev.userAgents),
      regions: head(ev.regions),
      errs: head(ev.errorCodes),
      s: sampleRefs,
      more: {
        ids: more(ev.eventIds),
        ips: more(ev.sourceIps),
        uas: more(ev.userAgents),
        regions: more(ev.regions),
        errs: more(ev.errorCodes),
      },
    },
  };
}

/** Builds the embedded data. Pure: same input, same output. */
export function buildReportData(
  input: ReportInput,
  limits: ReportLimits = defaultLimits(input.alerts.length),
): { list: ListData; details: DetailsData } {
  const accounts = new Interner<string>((a) => a);
  const principals = new Interner<ReportPrincipal>((p) => p.key);
  const detectors = new Interner<string>((d) => d);
  const samples: unknown[] = [];
  const sampleIndex = new Map<string, number>();
  const cols: ListData['alerts'] = {
    id: [],
    sev: [],
    kind: [],
    score: [],
    title: [],
    acc: [],
    pr: [],
    det: [],
    t0: [],
    t1: [],
    sup: [],
    vals: [],
    nval: [],
  };
  const details: unknown[] = [];
  const baselines: ListData['baselines'] = {};
  let samplesDropped = 0;

  for (const alert of input.alerts) {
    const pr = alert.principals.map((p) => principals.add(p));
    cols.id.push(alert.id);
    cols.sev.push(Math.max(0, SEVERITIES.indexOf(alert.severity)));
    cols.kind.push(Math.max(0, KINDS.indexOf(alert.kind)));
    cols.score.push(alert.score);
    cols.title.push(clipString(alert.title, 300));
    cols.acc.push(alert.accounts.map((a) => accounts.add(a)));
    cols.pr.push(pr);
    cols.det.push([...new Set(alert.findings.map((f) => detectors.add(f.detectorId)))]);
    cols.t0.push(timeMs(alert.firstEventTime) ?? timeMs(alert.createdAt));
    cols.t1.push(timeMs(alert.lastEventTime) ?? timeMs(alert.firstEventTime));
    cols.sup.push(alert.suppressed ? clipString(alert.suppressed.reason, 200) : null);
    cols.vals.push(alert.values.slice(0, limits.valuesInList).map((v) => clipString(v, 200)));
    cols.nval.push(alert.values.length);
    for (const accountId of alert.accounts) {
      for (const p of alert.principals) {
        const known = input.baselines?.[`${accountId}|${p.key}`];
        if (known) baselines[`${accountId}|${p.key}`] = [timeMs(known.firstSeen), known.knownValues];
      }
    }
    const picked = collectSamples(alert, limits.samplesPerAlert);
    samplesDropped += picked.dropped;
    const shown = alert.findings.slice(0, limits.findingsPerAlert);
    const findings = shown.map((finding, i) => {
      const refs = (picked.byFinding[i] ?? []).map(({ key, record }) => {
        let at = sampleIndex.get(key);
        if (at === undefined) {
          at = samples.length;
          samples.push(clipValue(record, { maxString: limits.maxString }));
          sampleIndex.set(key, at);
        }
        return at;
      });
      return findingDetail(finding, limits, accounts, principals, refs);
    });
    details.push({
      reasons: clipValue(alert.reasons, { maxString: limits.maxString }),
      values: clipValue(alert.values, { maxString: limits.maxString, maxItems: 500 }),
      suppressed: alert.suppressed ? clipValue(alert.suppressed, { maxString: 500 }) : null,
      createdAt: alert.createdAt,
      t0: alert.firstEventTime,
      t1: alert.lastEventTime,
      findings,
      moreFindings: alert.findings.length - shown.length,
      pivots: input.pivot ? pivotsOf(alert) : [],
    });
  }

  const activity = buildActivity(input, accounts);
  const trail = input.trail ?? null;
  const clipped = (v: string | null, n = 300): string | null => (v === null ? null : clipString(v, n));
  const list: ListData = {
    version: 1,
    meta: {
      title: input.title ?? 'ct-anomaly report',
      generatedAt: input.generatedAt,
      limits,
      samplesDropped,
      source: input.source ? clipValue(input.source, { maxString: 500, maxItems: 50 }) : null,
    },
    dict: {
      accounts: accounts.items,
      principals: principals.items.map((p) => clipValue(p, { maxString: 500 }) as ReportPrincipal),
      detectors: detectors.items,
    },
    alerts: cols,
    activity,
    baselines,
    summary: input.summary ? clipValue(input.summary, { maxString: 1_000, maxItems: 200 }) : null,
    trail: trail
      ? {
          selectors: trail.selectors.map((x) => clipString(x, 300)),
          t: trail.events.map((e) => timeMs(e.time)),
          acc: trail.events.map((e) => accounts.add(e.accountId)),
          region: trail.events.map((e) => clipped(e.region)),
          who: trail.events.map((e) => clipString(e.who, 300)),
          action: trail.events.map((e) => clipString(e.action, 300)),
          ip: trail.events.map((e) => clipped(e.sourceIp)),
          key: trail.events.map((e) => clipped(e.accessKeyId)),
          via: trail.events.map((e) => clipString(e.via, 300)),
          marks: trail.events.map((e) => e.marks.map((m) => clipString(m, 200))),
        }
      : null,
    pivot: input.pivot ? clipString(input.pivot.command, 2_000) : null,
  };
  const trailRecords = trail ? trail.events.map((e) => clipValue(e.record, { maxString: limits.maxString })) : [];
  return { list, details: { alerts: details, samples, trail: trailRecords } };
}

function buildActivity(input: ReportInput, accounts: Interner<string>): ListData['activity'] {
  if (!input.activity || input.activity.length === 0) return null;
  const byKey = new Map<string, { t: number; acc: number; n: number }>();
  for (const point of input.activity) {
    const ms = timeMs(point.hour);
    if (ms === null || !Number.isFinite(point.events)) continue;
    const hour = Math.floor(ms / 3_600_000) * 3_600_000;
    const acc = accounts.add(point.accountId);
    const key = `${hour}|${acc}`;
    const entry = byKey.get(key);
    if (entry) entry.n += point.events;
    else byKey.set(key, { t: hour, acc, n: point.events });
  }
  const rows = [...byKey.values()].sort((a, b) => a.t - b.t || a.acc - b.acc);
  return { t: rows.map((r) => r.t), acc: rows.map((r) => r.acc), n: rows.map((r) => r.n) };
}

const PIVOT_ACCESS_KEY = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;

/** The hunt selectors of an alert's actors: its access keys, principals, sessions, public addresses, first event. */
function pivotsOf(alert: ReportInput['alerts'][number]): string[] {
  const out = new Set<string>();
  const add = (flag: string, value: unknown): void => {
    if (typeof value === 'string' && value !== '' && out.size < 12) out.add(`${flag} ${shellQuote(value)}`);
  };
  for (const f of alert.findings) {
    for (const s of f.evidence.samples) {
      const ui = (s as { userIdentity?: Record<string, unknown> }).userIdentity;
      const key = ui?.['accessKeyId'];
      if (typeof key === 'string' && PIVOT_ACCESS_KEY.test(key)) add('--access-key', key);
      const session = typeof ui?.['arn'] === 'string' ? /:assumed-role\/[^/]+\/(.+)$/.exec(ui['arn'] as string) : null;
      if (session?.[1] && !session[1].includes('@')) add('--session', session[1]);
    }
  }
  for (const p of alert.principals) add('--principal', p.arn ?? p.key);
  for (const f of alert.findings)
    for (const ip of f.evidence.sourceIps.filter((x) => /^[\d.]+$/.test(x))) add('--ip', ip);
  add('--event-id', alert.findings[0]?.evidence.eventIds[0]);
  return [...out];
}

/** A value a shell reads as one word and never expands: log values are attacker-controlled. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
