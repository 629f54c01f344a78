/**
 * The aggregator core (pure): verify envelopes, deduplicate, group, correlate across accounts, weigh
 * by org prevalence, score, route to sinks. Ports: {@link AggregatorState} and {@link AlertSink}.
 * @module
 */
export {
  DetailType,
  RejectReason,
  type Envelope,
  type Rejection,
  type AlertSink,
  type SinkOutcome,
  type Delivery,
  type AggregateCounts,
  type AggregateResult,
  type AlertScore,
  type AlertScoreContext,
  type AlertScorer,
  type PrevalenceObservation,
} from './types.js';
export {
  agentKeyOf,
  ClaimStatus,
  nextHeartbeatRecord,
  type AggregatorState,
  type ActorRecord,
  type ActorSighting,
  type AlertRecord,
  type PrevalenceRecord,
  type PrevalenceView,
  type HeartbeatInput,
  type HeartbeatRecord,
  type StateCommit,
} from './state.js';
export {
  createMemoryAggregatorState,
  emptySnapshot,
  type MemoryAggregatorState,
  type MemoryStateSnapshot,
} from './memory-state.js';
export { createAggregator, type Aggregator, type AggregatorOptions } from './aggregator.js';
export { verifyEnvelopes, heartbeatSchema } from './envelope.js';
export { actorKeysOf, actorRules, describeActor, type ActorKey } from './actors.js';
export { adjust } from './score.js';
export { scoreAlert } from './alert-score.js';
export { routesFor, belowThreshold, deliver } from './route.js';
export { revisionOf } from './build.js';
export { firstSeenAlertId, ruleAlertId } from './group.js';
export { healthAlert } from './health.js';
export {
  assessCoverage,
  latestPerAgent,
  type OrgAccount,
  type CoverageOptions,
  type CoverageSummary,
  type CoverageReport,
} from './coverage.js';
export { assessAgents, type AgentHealth, type AgentHealthOptions, type AgentView } from './agent-health.js';
export { fleetSummaryAlert, type FleetSummaryOptions } from './fleet-summary.js';
export { runErrorHelp, type RunErrorHelp } from './run-errors.js';
export { envelopesFromFindings } from './local-envelopes.js';
export { shortAction } from './text.js';
