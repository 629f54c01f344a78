export {
  AGENT_CODE_KEY,
  BUS_EVENTS,
  CONFIG_OBJECT_KEY,
  centralNames,
  type CentralNames,
  memberNames,
  type MemberNames,
  MONITOR_METRICS,
  TABLE_KEYS,
} from './names.js';
export { GuardRails, GuardRailError } from './guard-rails.js';
