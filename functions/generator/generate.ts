/**
 * Generates a synthetic AWS Organization's CloudTrail in the S3 layout, streaming account by
 * account and day by day (memory bounded by one account-day), then the ground truth and summary.
 * @example
 * const summary = await generateOrganization(options); // writes options.out/AWSLogs/... and ground-truth.jsonl
 * @module
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type CloudTrailRecord, principalOf, actionOf } from '../engine/cloudtrail/index.js';
import { principalDay } from './behaviour.js';
import { buildModel } from './org-model.js';
import { DeliveryBuffer, type Delivery } from './delivery.js';
import { type TruthEntry, truthLines } from './ground-truth.js';
import type { PlannedRecord } from './injections/kit.js';
import { planInjections } from './injections/plan.js';
import type { Draft } from './model.js';
import type { GenerateOptions } from './options.js';
import { rngFor } from './prng.js';
import { NoiseCounter, qualityPicks } from './quality.js';
import { buildRecord } from './record.js';
import type { AccountResources } from './resources.js';
import { writeDigestAndInsight, writeMalformed } from './special-files.js';
import { type GenerateSummary, buildSummary } from './summary.js';
import { DAY, HOUR, isoSeconds, parseDay } from './time.js';
import { FileWriter, deliveryText } from './writer.js';
import { pushTo } from '../engine/collections.js';

type Truth = Omit<TruthEntry, 'id'>;

interface Item {
  time: number;
  region: string;
  record: CloudTrailRecord;
  injected: boolean;
  lateMs?: number;
  duplicateAfterMs?: number;
  future?: boolean;
}

/** Progress reports while generating (one per account). */
export type ProgressHook = (done: number, total: number) => void;

/** Generates the organization into `options.out`; returns the summary it also writes. */
export async function generateOrganization(
  options: GenerateOptions,
  onProgress?: ProgressHook,
): Promise<GenerateSummary> {
  const { seed } = options;
  const start = parseDay(options.start) as number;
  const model = buildModel(options);
  const { org } = model;
  const plan = planInjections({
    seed,
    org,
    options,
    workforce: model.workforce,
    resources: model.resources,
    principals: new Map(org.accounts.map((a) => [a.id, model.principals(a.id)])),
  });
  const planned = new Map<string, PlannedRecord[]>();
  for (const r of plan.records) {
    const key = `${r.accountId}|${r.day}`;
    pushTo(planned, key, r);
  }
  const deliveryTruth = new Map<string, Truth[]>();
  for (const t of plan.truth)
    if (t.type === 'duplicate' || t.type === 'late') for (const id of t.eventIds) pushTo(deliveryTruth, id, t);
  const explained = new Set(
    plan.truth.filter((t) => t.action !== '').map((t) => `${t.accountId}|${t.principalKey}|${t.action}`),
  );
  const noise = new NoiseCounter(options.learningDays * DAY, explained);
  const streamTruth: Truth[] = [];
  await mkdir(options.out, { recursive: true });
  const writer = new FileWriter(options.out);
  const counts = { events: 0, deliveries: 0, deliveryFiles: 0, principals: 0 };
  const special = { samplePaths: [] as string[], sampleRecords: [] as CloudTrailRecord[] };
  const flush = async (deliveries: Delivery[]): Promise<void> => {
    for (const d of deliveries) {
      counts.deliveryFiles++;
      await writer.write(d.path, deliveryText(d.records.map((r) => r.record)));
    }
  };

  for (const account of org.accounts) {
    noise.reset();
    const res = model.resources.get(account.id) as AccountResources;
    const principals = model.principals(account.id);
    counts.principals += principals.length;
    const buffer = new DeliveryBuffer(seed, org.id, account.id);
    const picks = qualityPicks(seed, account.index, org.accounts.length, options.days);
    for (let day = 0; day < options.days; day++) {
      const dayStart = start + day * DAY;
      const ctx = { seed, org, account, res, day, dayStart, days: options.days, activity: options.activity };
      const rng = rngFor(seed, 'records', account.id, day);
      const items: Item[] = [];
      const emit = (d: Draft): void => {
        items.push({ time: d.time, region: d.region, record: buildRecord(d, rng, res), injected: false });
      };
      for (const p of principals) principalDay(p, ctx, emit);
      for (const r of planned.get(`${account.id}|${day}`) ?? []) {
        items.push({
          time: r.time,
          region: r.region,
          record: r.record,
          injected: true,
          ...(r.lateMs ? { lateMs: r.lateMs } : {}),
          ...(r.duplicateAfterMs ? { duplicateAfterMs: r.duplicateAfterMs } : {}),
        });
      }
      items.sort((a, b) => a.time - b.time);
      for (const pick of picks.filter((p) => p.day === day)) {
        const routine = items.filter(
          (i) => !i.injected && i.lateMs === undefined && i.duplicateAfterMs === undefined && !i.future,
        );
        const item = routine[Math.floor(pick.fraction * routine.length)];
        if (item === undefined) continue;
        if (pick.kind === 'future') {
          item.future = true;
          item.record = { ...item.record, eventTime: isoSeconds(item.time + pick.delayMs) };
        } else if (pick.kind === 'late') {
          item.lateMs = pick.delayMs;
        } else {
          item.duplicateAfterMs = pick.delayMs;
        }
        const p = principalOf(item.record);
        const truth: Truth = {
          type: pick.kind,
          accountId: account.id,
          principalKey: p.key,
          principalArn: p.arn,
          action: actionOf(item.record),
          eventIds: [item.record.eventID as string],
          eventTime: item.record.eventTime as string,
          duringLearning: false,
          description:
            pick.kind === 'future'
              ? 'eventTime stamped a year ahead (clock skew or forgery): must not drag the watermark forward.'
              : pick.kind === 'late'
                ? `Delivered about ${Math.round(pick.delayMs / HOUR)} hours after the event.`
                : 'Delivered twice: the same eventID in two files; it must count once.',
        };
        streamTruth.push(truth);
        deliveryTruth.set(item.record.eventID as string, [
          ...(deliveryTruth.get(item.record.eventID as string) ?? []),
          truth,
        ]);
      }
      const drng = rngFor(seed, 'delivery', account.id, day);
      for (const item of items) {
        if (!item.future) noise.observe(account.id, item.time, item.record);
        const at = buffer.deliveryTime(drng, item.region, item.time, item.lateMs ?? 0);
        const paths = [buffer.add(item.region, at, item.time, item.record)];
        counts.events++;
        counts.deliveries++;
        if (item.duplicateAfterMs !== undefined) {
          paths.push(
            buffer.add(
              item.region,
              buffer.deliveryTime(drng, item.region, at, item.duplicateAfterMs),
              item.time,
              item.record,
            ),
          );
          counts.deliveries++;
        }
        for (const t of deliveryTruth.get(item.record.eventID as string) ?? []) {
          if (t.type === 'duplicate') t.paths = paths;
          else t.path = paths[0] as string;
        }
        if (account.index === 0 && special.sampleRecords.length < 40 && !item.injected)
          special.sampleRecords.push(item.record);
      }
      const ready = buffer.take(dayStart + DAY);
      if (account.index === 0 && special.samplePaths.length < 3)
        special.samplePaths.push(...ready.slice(0, 3).map((d) => d.path));
      await flush(ready);
    }
    await flush(buffer.take());
    onProgress?.(account.index + 1, org.accounts.length);
  }

  const specialContext = {
    seed,
    orgId: org.id,
    account: org.accounts[0]!,
    ...special,
    at: start + Math.floor(options.days / 2) * DAY + 12 * HOUR,
  };
  const files = await writeDigestAndInsight(writer, specialContext);
  const malformed = options.withMalformed ? await writeMalformed(writer, specialContext) : [];
  await writer.close();

  const truth: TruthEntry[] = [...plan.truth, ...streamTruth, ...malformed].map((t, i) => ({
    id: `gt-${String(i + 1).padStart(4, '0')}`,
    ...t,
  }));
  await writeFile(join(options.out, 'ground-truth.jsonl'), truthLines(truth));
  const summary = buildSummary({
    options,
    org,
    counts,
    writer: writer.stats,
    truth,
    noise,
    files,
    malformedFiles: new Set(malformed.map((m) => m.path)).size,
  });
  await writeFile(join(options.out, 'generate-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
