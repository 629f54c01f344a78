/**
 * The alert sinks of the deployment, shared by the aggregator and the monitor so both alert through the
 * same channels: SNS, the central bus, Splunk HEC, Slack and Security Hub, as the settings ask.
 * @module
 */
import { createAlertBusSink, type AlertBusOptions } from '../adapters/aws/alert-bus/index.js';
import { cachedSecret, type SecretOptions } from '../adapters/aws/secrets/index.js';
import {
  createSecurityHubSink,
  type HomeAccount,
  homeAsff,
  type SecurityHubSinkOptions,
} from '../adapters/aws/securityhub/index.js';
import type { AwsCallCounter } from '../adapters/aws/shared/index.js';
import { createSnsSink, type SnsSinkOptions } from '../adapters/aws/sns/index.js';
import { createSlackSink, createSplunkHecSink } from '../adapters/http/index.js';
import type { AlertSink } from '../engine/aggregate/index.js';
import { type Env, envReader } from './env.js';
import { ConfigError } from './errors.js';

/** Which sinks to build. */
export interface SinkSettings {
  busArn: string | null;
  snsTopicArn: string | null;
  splunk: { url: string; tokenSecret: string } | null;
  slackWebhookSecret: string | null;
  securityHub: boolean;
}

/** The clients the sinks call (from `sinkClients()`, or mocks in tests). */
export interface SinkClients {
  sns: SnsSinkOptions['client'];
  events: AlertBusOptions['client'];
  securityHub: SecurityHubSinkOptions['client'];
  secrets: SecretOptions['client'];
  fetch?: typeof fetch;
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
  const http = clients.fetch ? { fetch: clients.fetch } : {};
  if (s.snsTopicArn) sinks.push(createSnsSink({ client: clients.sns, topicArn: s.snsTopicArn, ...opt }));
  if (s.busArn) sinks.push(createAlertBusSink({ client: clients.events, busArn: s.busArn, ...opt }));
  if (s.splunk) {
    const token = cachedSecret({ client: clients.secrets, secretId: s.splunk.tokenSecret, ...opt });
    sinks.push(createSplunkHecSink({ url: s.splunk.url, token, ...http }));
  }
  if (s.slackWebhookSecret) {
    const webhookUrl = cachedSecret({ client: clients.secrets, secretId: s.slackWebhookSecret, ...opt });
    sinks.push(createSlackSink({ webhookUrl, ...http }));
  }
  if (s.securityHub) {
    const toAsff: SecurityHubSinkOptions['toAsff'] = (alert) => {
      const h = home();
      if (!h) throw new Error('the home account is unknown (no function ARN yet)');
      return homeAsff(alert, h);
    };
    sinks.push(createSecurityHubSink({ client: clients.securityHub, toAsff, ...opt }));
  }
  return sinks;
}

/** The sinks a central function's environment asks for (the aggregator and the monitor read the same variables). */
export function readSinkSettings(env: Env, busArn: string): SinkSettings {
  const e = envReader(env);
  const hecUrl = e.optional('CT_SPLUNK_HEC_URL');
  const hecSecret = e.optional('CT_SPLUNK_TOKEN_SECRET');
  if ((hecUrl === null) !== (hecSecret === null)) {
    throw new ConfigError(
      'Environment variables CT_SPLUNK_HEC_URL and CT_SPLUNK_TOKEN_SECRET go together: set both to send to Splunk, or neither',
    );
  }
  if (hecUrl !== null && !/^https?:\/\//.test(hecUrl)) {
    throw new ConfigError(
      `Environment variable CT_SPLUNK_HEC_URL must be an http(s) URL, got ${JSON.stringify(hecUrl)}`,
    );
  }
  return {
    busArn,
    snsTopicArn: e.optional('CT_SNS_TOPIC_ARN'),
    splunk: hecUrl !== null && hecSecret !== null ? { url: hecUrl, tokenSecret: hecSecret } : null,
    slackWebhookSecret: e.optional('CT_SLACK_WEBHOOK_SECRET'),
    securityHub: e.boolean('CT_SECURITY_HUB', false),
  };
}
