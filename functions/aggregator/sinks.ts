/**
 * The sinks the environment asks for, wired to their AWS clients and secrets. Shared by the
 * aggregator and the monitor so both alert through the same channels.
 * @module
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { createAlertBusSink } from '../adapters/aws/alert-bus/index.js';
import { cachedSecret } from '../adapters/aws/secrets/index.js';
import { createSecurityHubSink } from '../adapters/aws/securityhub/index.js';
import type { AwsCallCounter } from '../adapters/aws/shared/index.js';
import { createSnsSink } from '../adapters/aws/sns/index.js';
import { createSlackSink, createSplunkHecSink } from '../adapters/http/index.js';
import type { AlertSink } from '../engine/aggregate/index.js';
import { toAsff, toOcsf, type HomeAccount } from './formats.js';

/** Which sinks to build. */
export interface SinkSettings {
  busArn: string | null;
  snsTopicArn: string | null;
  splunk: { url: string; tokenSecret: string } | null;
  slackWebhookSecret: string | null;
  securityHub: boolean;
}

/** AWS clients (tests pass mocked ones). */
export interface SinkClients {
  sns?: SNSClient;
  events?: EventBridgeClient;
  securityHub?: SecurityHubClient;
  secrets?: SecretsManagerClient;
  fetch?: typeof fetch;
}

/** The home account of the Lambda, from its function ARN (`arn:aws:lambda:region:account:function:name`). */
export function homeFromArn(functionArn: string | undefined): HomeAccount | null {
  const m = /^arn:([^:]+):lambda:([^:]+):(\d{12}):/.exec(functionArn ?? '');
  return m ? { partition: m[1]!, region: m[2]!, accountId: m[3]! } : null;
}

/** Builds the sinks; `home` resolves the account Security Hub findings are imported into. */
export function buildSinks(
  s: SinkSettings,
  clients: SinkClients,
  home: () => HomeAccount | null,
  counter?: AwsCallCounter,
): AlertSink[] {
  const sinks: AlertSink[] = [];
  const opt = counter ? { counter } : {};
  if (s.snsTopicArn)
    sinks.push(createSnsSink({ client: clients.sns ?? new SNSClient({}), topicArn: s.snsTopicArn, ...opt }));
  if (s.busArn)
    sinks.push(
      createAlertBusSink({ client: clients.events ?? new EventBridgeClient({}), busArn: s.busArn, toOcsf, ...opt }),
    );
  const secrets = (): SecretsManagerClient => (clients.secrets ??= new SecretsManagerClient({}));
  if (s.splunk) {
    const token = cachedSecret({ client: secrets(), secretId: s.splunk.tokenSecret, ...opt });
    sinks.push(createSplunkHecSink({ url: s.splunk.url, token, ...(clients.fetch ? { fetch: clients.fetch } : {}) }));
  }
  if (s.slackWebhookSecret) {
    const webhookUrl = cachedSecret({ client: secrets(), secretId: s.slackWebhookSecret, ...opt });
    sinks.push(createSlackSink({ webhookUrl, ...(clients.fetch ? { fetch: clients.fetch } : {}) }));
  }
  if (s.securityHub) {
    sinks.push(
      createSecurityHubSink({
        client: clients.securityHub ?? new SecurityHubClient({}),
        toAsff: (alert) => {
          const h = home();
          if (!h) throw new Error('the home account is unknown (no function ARN yet)');
          return toAsff(alert, h);
        },
        ...opt,
      }),
    );
  }
  return sinks;
}
