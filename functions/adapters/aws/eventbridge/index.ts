export { EventBridgeFindingBus, type EventBridgeFindingBusOptions, type EventBridgeSender } from './publisher.js';
export {
  AgentEvent,
  MAX_ENTRY_BYTES,
  MAX_ENTRIES_PER_CALL,
  entrySize,
  fitFinding,
  packCalls,
  planFindingEntries,
  type PlannedEntry,
} from './entries.js';
