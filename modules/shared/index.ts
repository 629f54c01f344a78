export { memberNames, centralNames, BUS_EVENTS, TABLE_KEYS, type MemberNames, type CentralNames } from './names.js';
