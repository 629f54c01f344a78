/**
 * The member-account detector Lambda (entry point, export `handler`). Configuration is read once,
 * at cold start, from the environment; SDK clients are created once and reused across invocations.
 * @module
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { documentClient } from '../adapters/aws/dynamodb/index.js';
import { readDetectorConfig } from './config.js';
import { agentDetectors } from './detectors.js';
import { createHandler } from './handler.js';

const config = readDetectorConfig(process.env);

/** The Lambda handler. */
export const handler = createHandler({
  config,
  ...agentDetectors(config.detection),
  region: process.env.AWS_REGION ?? null,
  clients: {
    athena: new AthenaClient({}),
    dynamodb: documentClient(new DynamoDBClient({})),
    eventbridge: new EventBridgeClient({}),
  },
});
