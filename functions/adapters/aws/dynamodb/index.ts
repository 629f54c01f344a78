export { DynamoBaselineStore, documentClient, type DynamoBaselineStoreOptions } from './store.js';
export { TABLE_KEYS } from './items.js';
export { BATCH_GET_LIMIT } from './batch-get.js';
export { mergeAttributes } from './commit.js';
export type { DocumentSender } from './client.js';
