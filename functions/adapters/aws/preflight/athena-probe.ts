/** Can the agent run its query? One small count over one day of one region, through its workgroup. */
import { type AthenaSender, runQuery } from '../athena/index.js';
import type { AwsCallCounter, Sleep } from '../shared/index.js';
import { failed, type Probe } from './probe.js';

export interface AthenaProbeOptions {
  client: AthenaSender;
  workGroup: string;
  database: string;
  table: string;
  region: string;
  /** `yyyy/MM/dd`. */
  day: string;
  timeoutMs: number;
  counter?: AwsCallCounter;
  sleep?: Sleep;
}

/** The SQL of the probe: it reads every file of that day and region, as the agent's own query would. */
export function probeSql(o: Pick<AthenaProbeOptions, 'database' | 'table' | 'region' | 'day'>): string {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return `SELECT count(*) AS records FROM "${o.database}"."${o.table}" WHERE region = ${lit(o.region)} AND "date" = ${lit(o.day)}`;
}

/** Runs the probe query; a FAILED query carries Athena's StateChangeReason. */
export async function probeAthena(o: AthenaProbeOptions): Promise<Probe> {
  try {
    const stats = await runQuery(
      {
        client: o.client,
        workGroup: o.workGroup,
        database: o.database,
        timeoutMs: o.timeoutMs,
        ...(o.counter ? { counter: o.counter } : {}),
        ...(o.sleep ? { sleep: o.sleep } : {}),
      },
      probeSql(o),
    );
    return {
      ok: true,
      detail: `query ${stats.queryExecutionId} over ${o.region} ${o.day} scanned ${stats.bytesScanned} bytes`,
    };
  } catch (error) {
    const reason = (error as { reason?: string }).reason;
    return reason ? { ok: false, code: 'QueryFailed', message: reason } : failed(error);
  }
}
