/**
 * The member-account detector Lambda (entry point, export `handler`). The environment is read once, at
 * cold start; SDK clients are created once and reused; the deployment's config is re-read at every run.
 * A `{ "preflight": {} }` invocation (`ct-anomaly doctor`) runs the preflight checks instead of a run.
 * @module
 */
import { agentClients } from '../adapters/aws/clients.js';
import { configObjectReader, s3Client } from '../adapters/aws/s3/index.js';
import { configSource } from '../pipeline/config-source.js';
import { readDetectorEnv } from './config.js';
import { createHandler, type LambdaContextLike } from './handler.js';
import { createPreflightHandler, isPreflightEvent } from './preflight.js';

const env = readDetectorEnv(process.env);
const s3 = s3Client();
const read = env.configUri ? configObjectReader({ client: s3, uri: env.configUri }) : null;
const clients = agentClients({ busRegion: env.busRegion });
const region = process.env.AWS_REGION ?? null;

const run = createHandler({
  env,
  loadConfig: configSource(read, env.configUri ?? 'built-in defaults'),
  region,
  clients,
});
const preflight = createPreflightHandler({ env, clients: { ...clients, s3 }, region });

/** The Lambda handler. */
export const handler = (event: unknown, context: LambdaContextLike) =>
  isPreflightEvent(event) ? preflight(event, context) : run(event, context);
