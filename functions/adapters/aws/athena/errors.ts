/** Athena errors: a query that ended FAILED or CANCELLED, or did not finish in time. */
import { AwsAdapterError } from '../shared/index.js';

/** The query ended FAILED or CANCELLED; `reason` is Athena's StateChangeReason (or error message). */
export class AthenaQueryError extends AwsAdapterError {
  constructor(
    readonly queryExecutionId: string,
    readonly state: string,
    readonly reason: string,
    readonly errorType?: string,
  ) {
    super(`Athena query ${queryExecutionId} ${state}: ${reason}`);
  }
}

/** The query was still QUEUED or RUNNING at the deadline; it was asked to stop. */
export class AthenaTimeoutError extends AwsAdapterError {
  constructor(
    readonly queryExecutionId: string,
    readonly lastState: string,
    readonly waitedMs: number,
  ) {
    super(`Athena query ${queryExecutionId} still ${lastState} after ${Math.round(waitedMs / 1000)} s; stopped`);
  }
}
