/**
 * During-learning anomalies: a principal that appears mid-period does unusual things on its first
 * days. They are real first occurrences but inside the learning period, so they must NOT alert.
 * @module
 */
import { action } from '../actions.js';
import { ciRun } from '../behaviour-automation.js';
import type { Draft } from '../model.js';
import { AccountKind } from '../org.js';
import type { InjectionKit } from './kit.js';

const UNUSUAL = [
  'iam:ListUsers',
  'iam:ListAccessKeys',
  'secretsmanager:ListSecrets',
  's3:ListBuckets',
  'ec2:DescribeRegions',
];

/** Injects the during-learning anomalies (none when learning is off or the period is too short). */
export function injectDuringLearning(kit: InjectionKit): void {
  if (kit.learningDays === 0) return;
  const account = kit.accounts.find((a) => a.kind === AccountKind.Workload);
  const p = account === undefined ? undefined : kit.principal(account, 'ci/data-pipeline-deploy');
  if (account === undefined || p === undefined) return;
  const lastDay = Math.min(kit.days - 1, p.startDay + kit.learningDays - 1);
  UNUSUAL.forEach((short, i) => {
    const day = Math.min(lastDay, p.startDay + (i % 2));
    const drafts: Draft[] = [];
    const session = ciRun(
      p,
      kit.dayContext(account, day),
      kit.at(day, 11 + i * 0.9),
      `learning-${i}`,
      (d) => drafts.push(d),
      false,
    );
    kit.build(drafts);
    const a = action(short);
    const t = (drafts[drafts.length - 1]?.time ?? kit.at(day, 11)) + 3_000;
    kit.add(
      'first-seen',
      [{ time: t, region: a.global ? 'us-east-1' : account.homeRegion, action: a, session, account }],
      {
        description: `data-pipeline-deploy, new on day ${p.startDay}, called ${short} on its first days: unusual, but inside its learning period (no alert expected).`,
        startDay: p.startDay,
      },
    );
  });
}
