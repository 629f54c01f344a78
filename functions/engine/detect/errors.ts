/** Errors of the run protocol: one base class carrying `cause`, as everywhere in the engine. */
import type { Window } from '../activity/index.js';
import type { Finding } from '../findings/index.js';

/** Base error of the detector. */
export class DetectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Findings could not be handed on: the run stops before committing, so a rerun publishes them again. */
export class PublishError extends DetectError {
  readonly failed: ReadonlyArray<{ finding: Finding; reason: string }>;
  constructor(accountId: string, window: Window, failed: ReadonlyArray<{ finding: Finding; reason: string }>) {
    super(
      `${failed.length} finding(s) of account ${accountId} in window ${window.start} could not be published: ${failed[0]?.reason ?? 'unknown'}`,
    );
    this.failed = failed;
  }
}
