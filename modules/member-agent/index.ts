export {
  AGENT_REGIONS_MAP,
  type AgentRegionSettings,
  memberAgentTemplate,
  MEMBER_PARAMETERS,
  type MemberAgentOptions,
  type MemberResources,
} from './template.js';
export type { KmsKeyByAlias } from './agent-policy.js';
export { FORWARDED_DETAIL_TYPES, STACKSET_EXECUTION_ROLE_PREFIX } from './stack-watch.js';
export { renderTemplate, type CfnTemplate, type PolicyDocument, type PolicyStatement } from './cfn.js';
export { TRAIL_COLUMNS, PARTITION_COLUMNS, trailKeyPrefix, type TrailLocation } from './glue-table.js';
