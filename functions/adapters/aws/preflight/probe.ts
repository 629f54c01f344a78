/** What one preflight probe found: a fact on success, AWS's own error code and message on failure. */
import { errorCode } from '../shared/index.js';

/** The outcome of one probe. */
export type Probe = { ok: true; detail: string } | { ok: false; code: string; message: string; detail?: string };

/** A failed probe from what AWS threw (its error code, its message). */
export function failed(error: unknown, detail?: string): Probe {
  return {
    ok: false,
    code: errorCode(error) ?? 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(detail ? { detail } : {}),
  };
}
