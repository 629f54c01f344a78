export { memberAgentTemplate, MEMBER_PARAMETERS, type MemberAgentOptions, type MemberResources } from './template.js';
export { renderTemplate, type CfnTemplate, type PolicyDocument, type PolicyStatement } from './cfn.js';
export { TRAIL_COLUMNS, PARTITION_COLUMNS, trailKeyPrefix, type TrailLocation } from './glue-table.js';
