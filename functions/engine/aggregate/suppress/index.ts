export {
  applySuppressions,
  compileSuppressions,
  expiredWarnings,
  suppressionLabel,
  type SuppressionOutcome,
} from './apply.js';
export { compileSuppression, expandActionGlob, expiryOf, type CompiledSuppression } from './match.js';
