/** Writes a hunt's trail as the self-contained HTML report (the trail table, its volume over time). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Selector } from '../../engine/hunt/index.js';
import type { HuntResult } from '../../pipeline/hunt.js';
import { renderReport } from '../../report/index.js';
import { marksOf } from './output.js';

/** Renders the trail and writes it to `path`. */
export async function writeTrailReport(
  path: string,
  result: HuntResult,
  selectors: readonly Selector[],
  inputs: readonly string[],
  stateDir: string | undefined,
): Promise<void> {
  const volume = new Map<string, { hour: string; accountId: string; events: number }>();
  for (const e of result.events) {
    const hour = `${e.time.slice(0, 13)}:00:00Z`;
    const k = `${hour}|${e.accountId}`;
    const point = volume.get(k) ?? { hour, accountId: e.accountId, events: 0 };
    point.events++;
    volume.set(k, point);
  }
  const what = selectors.map((s) => `${s.kind} ${s.value}`);
  const html = renderReport({
    alerts: [],
    summary: null,
    activity: [...volume.values()],
    generatedAt: new Date().toISOString(),
    title: `Trail of ${what.join(', ')}`,
    source: { path: inputs.join(' '), lines: result.events.length, skipped: 0, problems: [] },
    trail: {
      selectors: [
        ...what,
        ...result.followed.map((f) => `access-key ${f.key} (minted by ${f.mintedBy})`),
        ...(stateDir !== undefined ? [`alert ids from the scan state ${stateDir}`] : []),
      ],
      events: result.events.map((e) => ({
        time: e.time,
        accountId: e.accountId,
        region: e.region,
        who: `${e.principal.name ?? e.principal.key} (${e.principal.type})`,
        action: e.action.replace('.amazonaws.com', ''),
        sourceIp: e.sourceIp,
        accessKeyId: e.accessKeyId,
        via: e.via,
        marks: marksOf(e),
        record: e.record,
      })),
    },
  });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html);
}
