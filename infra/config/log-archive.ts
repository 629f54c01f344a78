/**
 * The log-archive policies a deployment takes over (`logArchive.bucketPolicyFile`, `keyPolicyFile`): read
 * and checked at synth, so Terraform never replaces the trail's policy with one that stops CloudTrail writing.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ConfigError } from '../../functions/pipeline/errors.js';
import type { DeployConfig } from './schema.js';

/** The current policies, as committed: the base the agents' statements are merged into. */
export interface LogArchivePolicies {
  /** The trail bucket's policy (JSON text). */
  bucket: string | null;
  /** The trail key's policy (JSON text). */
  key: string | null;
}

interface Statement {
  Sid?: unknown;
  Principal?: unknown;
}

function principals(statement: Statement): string[] {
  const p = statement.Principal;
  if (typeof p === 'string') return [p];
  if (!p || typeof p !== 'object') return [];
  return Object.values(p as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)]));
}

function read(deployFile: string, key: string, path: string, service: string): string {
  const file = resolve(dirname(deployFile), path);
  const shown = relative(process.cwd(), file) || file;
  const fail = (problem: string) =>
    new ConfigError(`${deployFile}: ${key}: ${problem}`, { problems: [`${key}: ${problem}`] });
  if (!existsSync(file)) throw fail(`file not found: ${shown}`);
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as { Statement?: unknown };
  } catch (error) {
    throw fail(`${shown} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const statements = Array.isArray(doc.Statement) ? (doc.Statement as Statement[]) : null;
  if (!statements) throw fail(`${shown} is not a policy document (no Statement list)`);
  // Terraform will own the whole policy: one without CloudTrail's own statement would stop the trail.
  if (!statements.some((s) => principals(s).includes(service)))
    throw fail(
      `${shown} has no statement for ${service}: this is not the trail's current policy (export it again), and applying it would stop CloudTrail`,
    );
  const sids = statements.map((s) => s.Sid).filter((sid): sid is string => typeof sid === 'string');
  const clash = sids.find((sid) => sid.startsWith('CtAnomaly'));
  if (clash)
    throw fail(`${shown} already holds ${clash}: remove the ct-anomaly statements from the file (the stack adds them)`);
  return JSON.stringify(doc);
}

/** Reads the policy files a config names (relative to the deployment config file). */
export function loadLogArchivePolicies(deployFile: string, config: DeployConfig): LogArchivePolicies {
  const l = config.logArchive;
  if (l?.mode !== 'bucket-policy') return { bucket: null, key: null };
  return {
    bucket: l.bucketPolicyFile
      ? read(deployFile, 'logArchive.bucketPolicyFile', l.bucketPolicyFile, 'cloudtrail.amazonaws.com')
      : null,
    key: l.keyPolicyFile
      ? read(deployFile, 'logArchive.keyPolicyFile', l.keyPolicyFile, 'cloudtrail.amazonaws.com')
      : null,
  };
}
