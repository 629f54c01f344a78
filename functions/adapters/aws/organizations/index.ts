export { listActiveAccounts, isActive } from './accounts.js';
