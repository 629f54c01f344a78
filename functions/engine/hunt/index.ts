/** Hunting one actor through an export: selectors and the trail of matching events. */
export {
  SelectorKind,
  matchesSelector,
  mintedKeys,
  needleOf,
  sessionOf,
  type Selector,
} from './selector.js';
export { firstOccurrences, orderTrail, trailEventOf, type FirstOccurrences, type TrailEvent } from './trail.js';
