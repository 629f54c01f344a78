/**
 * A DynamoDB-API server (dynalite, in memory) on 127.0.0.1 with a free port, for integration tests.
 * Start it in `beforeAll`, stop it in `afterAll`. No real AWS, no credentials: the client gets fake ones.
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options?: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

/** A running dynalite. */
export interface LocalDynamo {
  endpoint: string;
  /** A new DynamoDB client pointed at the server (fake credentials, no retries beyond 1). */
  client(): DynamoDBClient;
  /** Creates a table with string `pk` / `sk` keys (the baseline/state single-table shape) unless given another input. */
  createTable(name: string, input?: Partial<CreateTableCommandInput>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts dynalite on 127.0.0.1:0 and resolves once it listens. */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: DynamoDBClient[] = [];
  const client = (): DynamoDBClient => {
    const c = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      maxAttempts: 1,
    });
    clients.push(c);
    return c;
  };
  return {
    endpoint,
    client,
    async createTable(name, input = {}) {
      const c = client();
      await c.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          ...input,
        }),
      );
    },
    async stop() {
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
