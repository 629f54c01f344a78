/** Dimensions beyond actions: where from (network), with what (client), region, error family, network+client. */
export { type Client, clientOf } from './client.js';
export { errorFamilyOf } from './error-family.js';
export { isPerson } from './person.js';
export { type Network, NetworkKind, type NetworkResolver, networkOf, networkResolver } from './network.js';
export {
  type DimensionHooks,
  type DimensionObservation,
  NOVELTY_DIMENSIONS,
  type NoveltyDimension,
  observeDimensions,
} from './observe.js';
