/**
 * The member-account detector Lambda (entry point, export `handler`). The environment is read once, at
 * cold start; SDK clients are created once and reused; the deployment's config is re-read at every run.
 * @module
 */
import { agentClients } from '../adapters/aws/clients.js';
import { configObjectReader, s3Client } from '../adapters/aws/s3/index.js';
import { configSource } from '../pipeline/config-source.js';
import { readDetectorEnv } from './config.js';
import { createHandler } from './handler.js';

const env = readDetectorEnv(process.env);
const read = env.configUri ? configObjectReader({ client: s3Client(), uri: env.configUri }) : null;

/** The Lambda handler. */
export const handler = createHandler({
  env,
  loadConfig: configSource(read, env.configUri ?? 'built-in defaults'),
  region: process.env.AWS_REGION ?? null,
  clients: agentClients({ busRegion: env.busRegion }),
});
