/** Helpers rules use to read their context: thresholds, and whether an account is inside the organization. */
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import { ownAccount } from './fields.js';
import { DEFAULT_RULE_THRESHOLDS, type RuleContext, type RuleThresholds } from './types.js';

/** The thresholds in force: the context's values over the defaults. */
export function thresholdsOf(ctx: RuleContext): RuleThresholds {
  return { ...DEFAULT_RULE_THRESHOLDS, ...(ctx.thresholds ?? {}) };
}

/**
 * Whether `accountId` is outside the organization. The record's own account is always inside; with no
 * organization list, every other account counts as outside (and findings say so in their context).
 */
export function isOutsideOrganization(accountId: string, record: CloudTrailRecord, ctx: RuleContext): boolean {
  if (accountId === ownAccount(record)) return false;
  if (ctx.organizationAccountIds === null) return true;
  return !ctx.organizationAccountIds.has(accountId);
}

/** The accounts of `accountIds` outside the organization, deduplicated. */
export function outsideAccounts(accountIds: readonly string[], record: CloudTrailRecord, ctx: RuleContext): string[] {
  return [...new Set(accountIds.filter((a) => isOutsideOrganization(a, record, ctx)))];
}

/** Context lines saying how "outside the organization" was decided. */
export function organizationBasis(ctx: RuleContext): { organizationKnown: boolean } {
  return { organizationKnown: ctx.organizationAccountIds !== null };
}

/** The empty context: organization unknown, default thresholds. */
export const EMPTY_RULE_CONTEXT: RuleContext = { organizationAccountIds: null };
