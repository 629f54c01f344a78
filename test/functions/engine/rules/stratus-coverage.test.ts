import { describe, expect, it } from 'vitest';
import { matchesCandidate } from '../../../../functions/engine/activity/index.js';
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import { findingSchema } from '../../../../functions/engine/findings/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, event, identity } from '../../../../functions/engine/rules/case-builder.js';
import { RULES, candidateFilterOf, evaluateRulesDetailed } from '../../../../functions/engine/rules/index.js';

// Detonations of Stratus Red Team techniques, shaped like the published detonation logs (request and
// response fields as CloudTrail wrote them), with a neutral user agent so that only the rules built
// for the technique can report them, not the offensive-tool user agent rule.
const window = { start: '2024-08-01T12:00:00.000Z', end: '2024-08-01T13:00:00.000Z' };
const UA = 'aws-cli/2.17.32 md/awscrt#0.21.2 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.11.9';
const user = identity.user('christophe');
const role = (name: string): ReturnType<typeof identity.role> => identity.role(name, 'aws-go-sdk-1722375070115152000');
const on = (service: string, name: string, options: Parameters<typeof event>[2] = {}): CloudTrailRecord =>
  event(service, name, { as: user, userAgent: UA, ...options });
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const denied = {
  error: 'Client.UnauthorizedOperation',
  errorMessage: 'You are not authorized to perform this operation.',
};
const INSTANCES = ['i-00456a8d163f546ff', 'i-cfe23b1a7ceba6f86', 'i-9d40ccfc0ae91cfa5'];

const DETONATIONS: Record<string, { records: CloudTrailRecord[]; rule: string }> = {
  'aws.execution.ec2-user-data': {
    rule: 'aws.ec2.user-data-modified',
    records: [
      on('ec2', 'StopInstances', {
        request: { instancesSet: { items: [{ instanceId: INSTANCES[0] }] }, force: false },
      }),
      on('ec2', 'ModifyInstanceAttribute', {
        request: { instanceId: INSTANCES[0], userData: '<sensitiveDataRemoved>' },
        response: { _return: true },
      }),
      on('ec2', 'StartInstances', { request: { instancesSet: { items: [{ instanceId: INSTANCES[0] }] } } }),
    ],
  },
  'aws.execution.ec2-launch-unusual-instances': {
    rule: 'aws.ec2.gpu-instances-launched',
    records: times(3, () =>
      on('ec2', 'RunInstances', {
        as: role('stratus-red-team-ec2-unusual'),
        request: {
          instanceType: 'p2.xlarge',
          instancesSet: { items: [{ imageId: 'ami-0b98a32b1c5e0d105', minCount: 1, maxCount: 10 }] },
        },
        ...denied,
      }),
    ),
  },
  'aws.execution.ssm-send-command': {
    rule: 'aws.ec2.remote-access-to-many-instances',
    records: [
      on('ssm', 'SendCommand', {
        request: {
          instanceIds: INSTANCES,
          documentName: 'AWS-RunShellScript',
          parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS',
          interactive: false,
        },
      }),
    ],
  },
  'aws.execution.ssm-start-session': {
    rule: 'aws.ec2.remote-access-to-many-instances',
    records: INSTANCES.map((target) =>
      on('ssm', 'StartSession', {
        request: { target },
        response: { sessionId: `christophe-${target}`, tokenValue: 'Value hidden due to security reasons.' },
      }),
    ),
  },
  'aws.persistence.lambda-backdoor-function': {
    rule: 'aws.lambda.function-made-public',
    records: [
      on('lambda', 'AddPermission20150331v2', {
        request: {
          action: 'lambda:InvokeFunction',
          functionName: 'stratus-red-team-backdoor-f-func',
          principal: '*',
          statementId: 'backdoor',
        },
      }),
    ],
  },
  'aws.persistence.lambda-layer-extension': {
    rule: 'aws.lambda.layer-attached',
    records: [
      on('lambda', 'UpdateFunctionConfiguration20150331v2', {
        request: {
          environment: {},
          functionName: 'stratus-red-team-lambda-layer-simpleLambda',
          layers: [
            `arn:aws:lambda:us-east-1:${CASE_ACCOUNT}:layer:stratus-red-team-lambda-layer-my-lambda-extension:1`,
          ],
        },
      }),
    ],
  },
  'aws.persistence.rolesanywhere-create-trust-anchor': {
    rule: 'aws.rolesanywhere.trust-anchor-created',
    records: [
      on('rolesanywhere', 'CreateTrustAnchor', {
        request: {
          enabled: true,
          name: 'malicious-rolesanywhere-trust-anchor',
          source: {
            sourceData: { x509CertificateData: '-----BEGIN CERTIFICATE-----\nMIIE\n-----END CERTIFICATE-----' },
            sourceType: 'CERTIFICATE_BUNDLE',
          },
        },
      }),
      on('rolesanywhere', 'CreateProfile', {
        request: {
          durationSeconds: 3600,
          enabled: true,
          name: 'malicious-rolesanywhere-profile',
          roleArns: [`arn:aws:iam::${CASE_ACCOUNT}:role/stratus-red-team-trust-anchor-role`],
        },
      }),
    ],
  },
  'aws.persistence.sts-federation-token': {
    rule: 'aws.sts.federation-token-requested',
    records: [
      on('sts', 'GetFederationToken', {
        request: {
          name: 'stratus_red_team',
          policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        },
      }),
    ],
  },
  'aws.defense-evasion.cloudtrail-lifecycle-rule': {
    rule: 'aws.s3.short-lifecycle-expiration',
    records: [
      on('s3', 'PutBucketLifecycle', {
        request: {
          bucketName: 'stratus-red-team-cloudtrail-bucket',
          lifecycle: '',
          LifecycleConfiguration: {
            Rule: {
              ID: 'nuke-cloudtrail-logs-after-1-day',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              Expiration: { Days: 1 },
            },
          },
        },
      }),
    ],
  },
  'aws.defense-evasion.bedrock-model-invocation-logging-delete': {
    rule: 'aws.bedrock.invocation-logging-deleted',
    records: [
      on('bedrock', 'GetModelInvocationLoggingConfiguration'),
      on('bedrock', 'DeleteModelInvocationLoggingConfiguration'),
    ],
  },
  'aws.credential-access.ec2-get-password-data': {
    rule: 'aws.ec2.password-data-retrieved-in-bulk',
    records: times(30, (i) =>
      on('ec2', 'GetPasswordData', {
        as: role('stratus-red-team-ec2-get-password-data-role'),
        request: { instanceId: `i-${i}x2jnm5swa59p4fxg` },
        ...denied,
      }),
    ),
  },
  'aws.credential-access.secretsmanager-retrieve-secrets': {
    rule: 'aws.secretsmanager.secrets-retrieved-in-bulk',
    records: [
      on('secretsmanager', 'ListSecrets', {
        request: { filters: [{ key: 'tag-key', values: ['StratusRedTeam'] }], maxResults: 100 },
      }),
      ...times(20, (i) =>
        on('secretsmanager', 'GetSecretValue', {
          request: {
            secretId: `arn:aws:secretsmanager:us-east-1:${CASE_ACCOUNT}:secret:stratus-red-team-retrieve-secret-${i}-4Rzn8${i % 10}`,
          },
        }),
      ),
    ],
  },
  'aws.credential-access.secretsmanager-batch-retrieve-secrets': {
    rule: 'aws.secretsmanager.secrets-retrieved-in-bulk',
    records: times(5, () =>
      on('secretsmanager', 'BatchGetSecretValue', {
        request: { filters: [{ key: 'tag-key', values: ['StratusRedTeam'] }] },
      }),
    ),
  },
  'aws.credential-access.ssm-retrieve-securestring-parameters': {
    rule: 'aws.ssm.parameters-decrypted-in-bulk',
    records: [
      on('ssm', 'DescribeParameters', { request: { maxResults: 10 } }),
      ...times(3, (b) =>
        on('ssm', 'GetParameters', {
          request: {
            names: times(10, (i) => `/credentials/stratus-red-team/credentials-${b * 10 + i}`),
            withDecryption: true,
          },
        }),
      ),
    ],
  },
  'aws.discovery.ec2-download-user-data': {
    rule: 'aws.ec2.user-data-read-in-bulk',
    records: times(15, (i) =>
      on('ec2', 'DescribeInstanceAttribute', {
        as: role('stratus-red-team-get-usr-data-role'),
        request: { attribute: 'userData', instanceId: `i-${i}5b86090` },
        ...denied,
      }),
    ),
  },
  'aws.lateral-movement.ec2-instance-connect': {
    rule: 'aws.ec2.remote-access-to-many-instances',
    records: INSTANCES.map((instanceId) =>
      on('ec2-instance-connect', 'SendSSHPublicKey', {
        request: { instanceId, instanceOSUser: 'ec2-user', sSHPublicKey: 'ssh-ed25519 AAAA' },
      }),
    ),
  },
  'aws.execution.sagemaker-update-lifecycle-config': {
    rule: 'aws.sagemaker.lifecycle-config-attached',
    records: [
      on('sagemaker', 'StopNotebookInstance', { request: { notebookInstanceName: 'stratus-red-team-notebook' } }),
      on('sagemaker', 'CreateNotebookInstanceLifecycleConfig', {
        request: {
          notebookInstanceLifecycleConfigName: 'stratus-malicious',
          onStart: [{ content: 'HIDDEN_DUE_TO_SECURITY_REASONS' }],
        },
      }),
      on('sagemaker', 'UpdateNotebookInstance', {
        request: { notebookInstanceName: 'stratus-red-team-notebook', lifecycleConfigName: 'stratus-malicious' },
      }),
    ],
  },
  'aws.discovery.bedrock-enumerate-models-multiple-regions': {
    rule: 'aws.bedrock.models-probed-across-regions',
    records: ['us-east-1', 'us-west-2', 'eu-central-1', 'ap-northeast-1'].map((region) =>
      on('bedrock', 'InvokeModel', {
        region,
        request: { modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0' },
        error: 'ValidationException',
        errorMessage: 'Malformed input request',
      }),
    ),
  },
  'aws.discovery.ses-enumerate': {
    rule: 'aws.ses.sending-capacity-probed',
    records: [
      on('ses', 'GetAccountSendingEnabled'),
      on('ses', 'GetSendQuota'),
      on('ses', 'ListIdentities', { request: { maxItems: 100 } }),
      on('ses', 'GetIdentityVerificationAttributes', { request: { identities: ['stratus-red-team.cloud'] } }),
    ],
  },
  'aws.persistence.iam-create-backdoor-role': {
    rule: 'aws.iam.trust-policy-opened',
    records: [
      on('iam', 'CreateRole', {
        request: {
          roleName: 'stratus-red-team-malicious-iam-role',
          assumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
            ],
          }),
        },
      }),
    ],
  },
};

const run = (records: CloudTrailRecord[]) => {
  const filter = candidateFilterOf(RULES);
  const candidates = records.filter((r) => matchesCandidate(filter, r));
  return evaluateRulesDetailed({ accountId: CASE_ACCOUNT, window, records: candidates }, RULES, {
    organizationAccountIds: null,
  });
};

describe('Stratus Red Team detonations', () => {
  for (const [technique, { records, rule }] of Object.entries(DETONATIONS)) {
    it(`reports ${technique} through ${rule}, as valid findings`, () => {
      // Act: the records go through the union prefilter, then every rule, as in a scan.
      const out = run(records);
      // Assess
      expect(out.errors).toEqual([]);
      expect(out.findings.map((f) => f.detectorId)).toContain(rule);
      for (const f of out.findings) expect(findingSchema.safeParse(f).success, f.detectorId).toBe(true);
    });
  }

  it('gives each burst one finding that carries every event of the burst', () => {
    const { records } = DETONATIONS['aws.credential-access.ec2-get-password-data']!;
    const findings = run(records).findings.filter((f) => f.detectorId === 'aws.ec2.password-data-retrieved-in-bulk');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.title).toBe(
      'Role stratus-red-team-ec2-get-password-data-role asked for the Windows password data of 30 instances, all denied',
    );
    expect(findings[0]!.evidence.eventIds).toHaveLength(30);
  });

  it('stays silent on the same services used the routine way', () => {
    const app = identity.role('orders-processor-role', 'orders');
    const routine = [
      ...times(50, (i) =>
        event('secretsmanager', 'GetSecretValue', {
          as: app,
          request: { secretId: ['prod/db', 'prod/stripe', 'prod/jwt'][i % 3] },
        }),
      ),
      ...times(50, (i) =>
        event('ssm', 'GetParameters', {
          as: app,
          request: {
            names: ['/app/db/host', '/app/db/port', '/app/queue-url'].slice(0, 1 + (i % 3)),
            withDecryption: true,
          },
        }),
      ),
      event('lambda', 'UpdateFunctionConfiguration20150331v2', {
        as: identity.role('terraform'),
        request: {
          functionName: 'api',
          handler: 'index.handler',
          runtime: 'nodejs22.x',
          memorySize: 256,
          layers: [`arn:aws:lambda:us-east-1:${CASE_ACCOUNT}:layer:deps:4`],
        },
      }),
      event('lambda', 'AddPermission20150331v2', {
        as: identity.role('terraform'),
        request: {
          action: 'lambda:InvokeFunction',
          functionName: 'api',
          principal: 'apigateway.amazonaws.com',
          sourceArn: `arn:aws:execute-api:us-east-1:${CASE_ACCOUNT}:abc/*/*`,
        },
      }),
      event('s3', 'PutBucketLifecycle', {
        as: identity.role('terraform'),
        request: {
          bucketName: 'athena-results',
          LifecycleConfiguration: {
            Rule: { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } },
          },
        },
      }),
      ...INSTANCES.slice(0, 2).map((target) =>
        event('ssm', 'StartSession', { as: identity.user('ops'), request: { target } }),
      ),
      event('ec2', 'RunInstances', {
        as: identity.role('ml'),
        request: {
          instanceType: 'g5.xlarge',
          instancesSet: { items: [{ imageId: 'ami-1', minCount: 1, maxCount: 1 }] },
        },
      }),
    ];
    expect(run(routine).findings.map((f) => `${f.detectorId}: ${f.title}`)).toEqual([]);
  });
});
