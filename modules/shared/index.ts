export {
  BUS_EVENTS,
  CONFIG_OBJECT_KEY,
  centralNames,
  type CentralNames,
  memberNames,
  type MemberNames,
  TABLE_KEYS,
} from './names.js';
export { GuardRails, GuardRailError } from './guard-rails.js';
