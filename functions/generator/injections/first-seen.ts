/**
 * First-seen anomalies after the learning period: principals doing what they never did. A CI role
 * creates an admin user, a Lambda role reads a secret (delivered late), an instance role
 * enumerates across midnight UTC, a legacy IAM user opens an SSM session and reads a password.
 * @module
 */
import { adhocAction, action } from '../actions.js';
import { ciRun } from '../behaviour-automation.js';
import { accessKeyId, assumedRole, iamUser } from '../identity.js';
import { AccountKind } from '../org.js';
import { IAM_HUMAN_USER } from '../principals.js';
import { HOUR, javaDate, isoSeconds } from '../time.js';
import { UaFamily } from '../user-agents.js';
import type { InjectionKit } from './kit.js';
import type { Draft } from '../model.js';

const CREATE_USER = adhocAction('iam:CreateUser', false);
const ATTACH_USER_POLICY = adhocAction('iam:AttachUserPolicy', false);
const GET_PASSWORD_DATA = adhocAction('ec2:GetPasswordData', true);

/** Injects the first-seen anomalies. */
export function injectFirstSeen(kit: InjectionKit): void {
  const workloads = kit.accounts.filter((a) => a.kind === AccountKind.Workload);

  const ciAccount = workloads[0] ?? kit.accounts[1];
  const ci = ciAccount === undefined ? undefined : kit.principal(ciAccount, 'ci/github-actions-deploy');
  if (ciAccount !== undefined && ci !== undefined) {
    const day = kit.afterLearning(ci.startDay, 1);
    const drafts: Draft[] = [];
    const session = ciRun(
      ci,
      kit.dayContext(ciAccount, day),
      kit.at(day, 14.2),
      'injected',
      (d) => drafts.push(d),
      false,
    );
    kit.build(drafts);
    const t = drafts[drafts.length - 1]?.time ?? kit.at(day, 14.3);
    const userName = 'ci-maintenance';
    const userArn = `arn:aws:iam::${ciAccount.id}:user/${userName}`;
    kit.add(
      'first-seen',
      [
        {
          time: t + 4_000,
          region: 'us-east-1',
          action: CREATE_USER,
          session,
          account: ciAccount,
          requestParameters: { userName },
          responseElements: {
            user: {
              path: '/',
              userName,
              userId: `AIDA${kit.rng.key(17)}`,
              arn: userArn,
              createDate: javaDate(t + 4_000),
            },
          },
        },
      ],
      {
        description: 'CI deploy role created an IAM user: it never managed IAM users before (a tampered pipeline).',
        startDay: ci.startDay,
      },
    );
    const attach = kit.add(
      'first-seen',
      [
        {
          time: t + 6_500,
          region: 'us-east-1',
          action: ATTACH_USER_POLICY,
          session,
          account: ciAccount,
          requestParameters: { userName, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        },
      ],
      { description: 'CI deploy role attached a policy to a user for the first time.', startDay: ci.startDay },
    );
    kit.truth('rule', attach, {
      ruleId: 'aws.iam.admin-policy-attached',
      description: `AdministratorAccess attached to the new user ${userName} by the CI role.`,
      startDay: ci.startDay,
    });
  }

  const lambdaAccount = workloads[0];
  const orders = lambdaAccount === undefined ? undefined : kit.principal(lambdaAccount, 'lambda/orders-processor-role');
  if (lambdaAccount !== undefined && orders !== undefined) {
    const day = kit.afterLearning(orders.startDay, 3);
    const t = kit.at(day, 9.75);
    const session = {
      identity: assumedRole({
        role: orders.role!,
        sessionName: 'orders-processor',
        accessKeyId: accessKeyId(kit.rng, 'ASIA'),
        creationDate: isoSeconds(t - 900_000),
      }),
      sourceIp: '3.227.41.18',
      ua: UaFamily.JsSdk,
      uaVariant: 0,
      console: false,
    };
    const secret = `arn:aws:secretsmanager:${lambdaAccount.homeRegion}:${lambdaAccount.id}:secret:${kit.res(lambdaAccount).secrets[0]}`;
    const late = { lateMs: 6 * HOUR };
    const read = kit.add(
      'first-seen',
      [
        {
          time: t,
          region: lambdaAccount.homeRegion,
          action: action('secretsmanager:GetSecretValue'),
          session,
          account: lambdaAccount,
          requestParameters: { secretId: secret },
        },
      ],
      {
        description:
          'orders-processor Lambda role read a secret it never read before (its code was changed); the event is delivered 6 hours late.',
        startDay: orders.startDay,
        ...late,
      },
    );
    kit.truth('late', read, {
      description: 'Delivered about 6 hours after the event, in a later file of the same or the next day.',
      startDay: orders.startDay,
    });
    kit.add(
      'first-seen',
      [{ time: t + 1_200, region: 'us-east-1', action: action('s3:ListBuckets'), session, account: lambdaAccount }],
      { description: 'orders-processor Lambda role listed all buckets for the first time.', startDay: orders.startDay },
    );
  }

  const instanceAccount = workloads[workloads.length - 1];
  const app = instanceAccount === undefined ? undefined : kit.principal(instanceAccount, 'instance/app-server-role');
  if (instanceAccount !== undefined && app !== undefined && kit.days >= 2) {
    const day = Math.min(kit.afterLearning(app.startDay, 5), kit.days - 2);
    const instanceId = (app.instances ?? [])[0] ?? 'i-0000000000000000';
    const t = kit.at(day + 1, 0) - 110_000;
    const identity = assumedRole({
      role: app.role!,
      sessionName: instanceId,
      accessKeyId: accessKeyId(kit.rng, 'ASIA'),
      creationDate: isoSeconds(t - 3 * HOUR),
      ec2RoleDelivery: '2.0',
    });
    const session = {
      identity,
      sourceIp: instanceAccount.natIps[instanceAccount.homeRegion]?.[0] ?? '52.5.1.1',
      ua: UaFamily.Cli,
      uaVariant: 1,
      console: false,
      instanceId,
    };
    kit.add(
      'first-seen',
      [
        {
          time: t,
          region: instanceAccount.homeRegion,
          action: action('sts:GetCallerIdentity'),
          session,
          account: instanceAccount,
        },
      ],
      {
        description: `app-server-role on ${instanceId} asked who it is at 23:58 UTC (someone on the box with its credentials).`,
        startDay: app.startDay,
      },
    );
    kit.add(
      'first-seen',
      [{ time: t + 150_000, region: 'us-east-1', action: action('iam:ListRoles'), session, account: instanceAccount }],
      {
        description:
          'app-server-role listed IAM roles just after midnight UTC: the pair straddles the day boundary and the delivery folder changes.',
        startDay: app.startDay,
      },
    );
  }

  const humanAccount = kit.accounts.find((a) => kit.principal(a, `iam/${IAM_HUMAN_USER}`) !== undefined);
  const human = humanAccount === undefined ? undefined : kit.principal(humanAccount, `iam/${IAM_HUMAN_USER}`);
  if (humanAccount !== undefined && human !== undefined) {
    const day = kit.afterLearning(human.startDay, 6);
    const t = kit.at(day, 16.4);
    const session = {
      identity: iamUser(humanAccount.id, IAM_HUMAN_USER, human.userId!, human.accessKeyId!),
      sourceIp: (human.sourceIps ?? ['81.2.69.160'])[0] as string,
      ua: UaFamily.Cli,
      uaVariant: 1,
      console: false,
    };
    const instanceId = Object.values(kit.res(humanAccount).instances)[0]?.[0] ?? 'i-0000000000000000';
    kit.add(
      'first-seen',
      [
        {
          time: t,
          region: humanAccount.homeRegion,
          action: action('ssm:StartSession'),
          session,
          account: humanAccount,
          requestParameters: { target: instanceId },
        },
      ],
      {
        description: `IAM user ${IAM_HUMAN_USER} opened an SSM session on ${instanceId} for the first time.`,
        startDay: human.startDay,
      },
    );
    kit.add(
      'first-seen',
      [
        {
          time: t + 95_000,
          region: humanAccount.homeRegion,
          action: GET_PASSWORD_DATA,
          session,
          account: humanAccount,
          requestParameters: { instanceId },
        },
      ],
      {
        description: `IAM user ${IAM_HUMAN_USER} retrieved an instance's Windows password data for the first time.`,
        startDay: human.startDay,
      },
    );
  }
}
