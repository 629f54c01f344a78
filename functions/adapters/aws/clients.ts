/**
 * The SDK clients each runtime needs, created in one place (entry points never import `@aws-sdk/*`).
 * Clients are long-lived: a Lambda creates them once per container.
 * @module
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { stateDocumentClient } from './aggregator-state/index.js';
import { documentClient } from './dynamodb/index.js';

/** Where the clients call: a region (default: the SDK's own resolution, e.g. AWS_REGION). */
export interface ClientOptions {
  region?: string;
}

const opts = (o: ClientOptions): { region?: string } => (o.region ? { region: o.region } : {});

/** A member-account agent's clients: Athena, its baseline table, EventBridge (the central bus's region). */
export function agentClients(o: ClientOptions & { busRegion?: string } = {}) {
  return {
    athena: new AthenaClient(opts(o)),
    dynamodb: documentClient(new DynamoDBClient(opts(o))),
    eventbridge: new EventBridgeClient(opts(o.busRegion ? { region: o.busRegion } : o)),
  };
}

/** The clients the alert sinks use. */
export function sinkClients(o: ClientOptions = {}) {
  return {
    sns: new SNSClient(opts(o)),
    events: new EventBridgeClient(opts(o)),
    securityHub: new SecurityHubClient(opts(o)),
    secrets: new SecretsManagerClient(opts(o)),
  };
}

/** The aggregator state table's document client. */
export function stateClient(o: ClientOptions = {}) {
  return stateDocumentClient(new DynamoDBClient(opts(o)));
}

/** Organizations: a global service (the SDK sends every region of a partition to its one endpoint). */
export function organizationsClient(): OrganizationsClient {
  return new OrganizationsClient({});
}

/**
 * S3 for reading a trail's objects with the user's usual credentials: the region from the usual chain
 * (or `region`), following the bucket's own region; an endpoint override (`AWS_ENDPOINT_URL_S3`, an
 * S3-compatible store) is addressed by path.
 */
export function trailS3Client(o: ClientOptions & { pathStyle?: boolean } = {}): S3Client {
  return new S3Client({ ...opts(o), followRegionRedirects: true, ...(o.pathStyle ? { forcePathStyle: true } : {}) });
}
