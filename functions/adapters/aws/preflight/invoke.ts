/**
 * Runs the preflight as the agent itself: invokes the member account's detector with `{ "preflight": {} }`
 * (the checks only mean something with the agent role's permissions), and returns what it answered.
 * @module
 */
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { AwsAdapterError, errorMessage } from '../shared/index.js';

export interface InvokePreflightOptions {
  client: Pick<LambdaClient, 'send'>;
  functionName: string;
}

/** A Lambda client in a region (default: the SDK's own resolution). */
export function lambdaClient(region?: string): LambdaClient {
  return new LambdaClient(region ? { region } : {});
}

/** The detector's preflight report (JSON), or an error naming what refused. */
export async function invokePreflight(o: InvokePreflightOptions): Promise<unknown> {
  let out: InvokeCommandOutput;
  try {
    out = await o.client.send(
      new InvokeCommand({ FunctionName: o.functionName, Payload: Buffer.from(JSON.stringify({ preflight: {} })) }),
    );
  } catch (error) {
    throw new AwsAdapterError(`cannot invoke ${o.functionName}: ${errorMessage(error)}`, { cause: error });
  }
  const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
  if (out.FunctionError) {
    let message = text;
    try {
      message = (JSON.parse(text) as { errorMessage?: string }).errorMessage ?? text;
    } catch {
      // Not JSON: keep the text as it came.
    }
    throw new AwsAdapterError(`${o.functionName} failed the preflight (${out.FunctionError}): ${message}`);
  }
  return JSON.parse(text) as unknown;
}
