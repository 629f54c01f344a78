/**
 * Secrets for the sinks (Splunk HEC token, Slack webhook URL), read from Secrets Manager once per
 * cold start and cached; a failed read is retried on the next use. Values are never logged or put in errors.
 * @module
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { errorCode, withRetry, type AwsCallCounter } from '../shared/index.js';

/** Field names looked for when the secret is a JSON object. */
const FIELDS = ['token', 'hecToken', 'webhookUrl', 'webhook_url', 'url', 'value'];

/** The usable value of a secret string: the string itself, or a known field of a JSON object (or its only field). */
export function secretValue(secretString: string, field?: string): string | null {
  const trimmed = secretString.trim();
  if (!trimmed.startsWith('{')) return trimmed.length > 0 ? trimmed : null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const obj = parsed as Record<string, unknown>;
  const keys = field ? [field] : FIELDS;
  for (const k of keys) if (typeof obj[k] === 'string' && obj[k] !== '') return obj[k] as string;
  const strings = Object.values(obj).filter((v): v is string => typeof v === 'string');
  return !field && strings.length === 1 ? strings[0]! : null;
}

export interface SecretOptions {
  client: Pick<SecretsManagerClient, 'send'>;
  /** Secret name or ARN. */
  secretId: string;
  /** JSON field holding the value (default: a known field or the only one). */
  field?: string;
  counter?: AwsCallCounter;
}

/** Reads a secret now. Throws an error naming the secret (never its value) when it is missing or unusable. */
export async function readSecret(o: SecretOptions): Promise<string> {
  let secretString: string | undefined;
  try {
    const out = await withRetry(
      () => {
        o.counter?.call('secretsmanager:GetSecretValue');
        return o.client.send(new GetSecretValueCommand({ SecretId: o.secretId }));
      },
      { operation: 'secretsmanager:GetSecretValue', maxAttempts: 3 },
    );
    secretString = out.SecretString;
  } catch (error) {
    throw new Error(
      `Secret ${o.secretId} could not be read (${errorCode(error) ?? 'error'}): check it exists and the function may call secretsmanager:GetSecretValue on it`,
      { cause: error },
    );
  }
  const value = secretString === undefined ? null : secretValue(secretString, o.field);
  if (value === null)
    throw new Error(
      `Secret ${o.secretId} holds no usable value: store the value itself, or JSON with a "${o.field ?? 'token'}" field`,
    );
  return value;
}

/** A reader that fetches the secret on first use and caches it for the life of the container. */
export function cachedSecret(o: SecretOptions): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= readSecret(o).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
