export { AgentProtection, agentProtectionPolicy, SCP_MAX_CHARS, type AgentProtectionOptions } from './scp.js';
