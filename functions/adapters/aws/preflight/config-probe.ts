/** Can the agent read the deployment's config object? The same reader the agent runs with. */
import type { S3Client } from '@aws-sdk/client-s3';
import { configObjectReader } from '../s3/index.js';
import type { AwsCallCounter } from '../shared/index.js';
import { failed, type Probe } from './probe.js';

export interface ConfigProbeOptions {
  client: Pick<S3Client, 'send'>;
  uri: string;
  counter?: AwsCallCounter;
}

/** Reads the object once. */
export async function probeConfig(o: ConfigProbeOptions): Promise<Probe> {
  try {
    const object = await configObjectReader({
      client: o.client,
      uri: o.uri,
      ...(o.counter ? { counter: o.counter } : {}),
      sleep: async () => {},
    })();
    return { ok: true, detail: `read ${o.uri} (${object.text.length} bytes, version ${object.version})` };
  } catch (error) {
    return failed((error as { cause?: unknown }).cause ?? error, o.uri);
  }
}
