export { memberNames, centralNames, BUS_EVENTS, TABLE_KEYS, type MemberNames, type CentralNames } from './names.js';
export { GuardRails, GuardRailError } from './guard-rails.js';
