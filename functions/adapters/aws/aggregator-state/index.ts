export { DynamoAggregatorState, stateDocumentClient, type DynamoAggregatorStateOptions } from './state.js';
export { STATE_TABLE_KEYS } from './items.js';
