import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cachedSecret, readSecret, secretValue } from '../../../../../functions/adapters/aws/secrets/index.js';

const sm = mockClient(SecretsManagerClient);
beforeEach(() => sm.reset());
const TOKEN = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('secrets', () => {
  it('accepts the value itself or JSON with a known field', () => {
    expect(secretValue(`  ${TOKEN}\n`)).toBe(TOKEN);
    expect(secretValue(JSON.stringify({ token: TOKEN }))).toBe(TOKEN);
    expect(secretValue(JSON.stringify({ webhookUrl: 'https://hooks.slack.com/services/T/B/X' }))).toBe(
      'https://hooks.slack.com/services/T/B/X',
    );
    expect(secretValue(JSON.stringify({ whatever: TOKEN }))).toBe(TOKEN);
    expect(secretValue(JSON.stringify({ a: '1', b: '2' }))).toBeNull();
  });

  it('reads once per container and never puts the value in an error', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: TOKEN }) });
    const read = cachedSecret({ client: new SecretsManagerClient({}), secretId: 'ct-anomaly/splunk' });

    expect(await read()).toBe(TOKEN);
    expect(await read()).toBe(TOKEN);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(sm.commandCalls(GetSecretValueCommand)[0]!.args[0].input.SecretId).toBe('ct-anomaly/splunk');
  });

  it('explains a missing secret or an unusable one by name, and retries on the next use', async () => {
    sm.on(GetSecretValueCommand)
      .rejectsOnce(
        Object.assign(new Error("Secrets Manager can't find the specified secret."), {
          name: 'ResourceNotFoundException',
        }),
      )
      .resolvesOnce({ SecretString: JSON.stringify({ a: TOKEN, b: 'x' }) })
      .resolves({ SecretString: TOKEN });
    const client = new SecretsManagerClient({});
    const read = cachedSecret({ client, secretId: 'ct-anomaly/slack' });

    await expect(read()).rejects.toThrow('Secret ct-anomaly/slack could not be read (ResourceNotFoundException)');
    const unusable = await readSecret({ client, secretId: 'ct-anomaly/slack' }).catch((e: Error) => e.message);
    expect(unusable).toContain('holds no usable value');
    expect(unusable).not.toContain(TOKEN);
    expect(await read()).toBe(TOKEN);
  });
});
