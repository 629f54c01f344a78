/**
 * What each class of agent failure means and how to fix it: the words of the monitor's failing-agent
 * alerts and of `ct-anomaly doctor`.
 * @module
 */
import { RunErrorClass } from '../findings/index.js';

/** Cause and fix of one failure class. */
export interface RunErrorHelp {
  cause: string;
  fix: string;
}

const HELP: Record<RunErrorClass, RunErrorHelp> = {
  [RunErrorClass.TrailAccessDenied]: {
    cause: "S3 refused the agent's read of its own prefix of the organization trail bucket",
    fix: 'apply the log-archive bucket policy statements (config logArchive, or output log_archive_bucket_policy_statements); in Control Tower use the replica bucket (logArchive.mode: replica)',
  },
  [RunErrorClass.TrailKeyDenied]: {
    cause: 'KMS refused to decrypt the trail files for the agent',
    fix: 'add the trail key policy statement (config logArchive.keyPolicyFile, or output trail_kms_key_policy_statement) and check trail.kmsKeyArn',
  },
  [RunErrorClass.Athena]: {
    cause: "the agent's Athena query failed or ran out of time",
    fix: "read the detector's log group for Athena's StateChangeReason (a missing table, the workgroup's bytes-scanned cutoff, a timeout); ct-anomaly doctor runs the query",
  },
  [RunErrorClass.Publish]: {
    cause: 'the central bus refused the findings (they are kept and published once it accepts them)',
    fix: "check the bus policy (organization id, the agent role's name) and that CT_BUS_ARN names the central bus",
  },
  [RunErrorClass.Baseline]: {
    cause: "the agent's baseline table refused or failed",
    fix: "read the detector's log group; check the table exists and the agent role may use it",
  },
  [RunErrorClass.Config]: {
    cause: "the agent could not read or parse the deployment's config object",
    fix: 'deploy again (it writes config/ct-anomaly.json) and check the artifact bucket lets the organization read it',
  },
  [RunErrorClass.Unknown]: {
    cause: 'the agent run failed',
    fix: 'read the detector\'s log group (message "run failed") and run ct-anomaly doctor in that account',
  },
};

/** The cause and fix of a failure class (unknown classes read as `unknown`). */
export function runErrorHelp(errorClass: string | null | undefined): RunErrorHelp {
  return HELP[(errorClass ?? RunErrorClass.Unknown) as RunErrorClass] ?? HELP[RunErrorClass.Unknown];
}
