import { createMemoryAggregatorState } from '../../../../functions/engine/aggregate/index.js';
import { stateContract } from './state-contract.js';

stateContract('memory', async () => createMemoryAggregatorState());
