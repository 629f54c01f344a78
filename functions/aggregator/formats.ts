/**
 * The seam to the findings engine's mappings: `alertToOcsf` for the bus, `alertToAsff` for Security
 * Hub, with the one thing only the importer knows: Security Hub's default product accepts findings
 * only for the calling account, so `AwsAccountId` is the central (home) account and the member
 * accounts stay in Resources and ProductFields.
 * @module
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { DETECTOR_VERSION } from '../engine/detect/index.js';
import { alertToAsff, alertToOcsf, type Alert } from '../engine/findings/index.js';

/** Where the aggregator runs (from its function ARN). */
export interface HomeAccount {
  accountId: string;
  region: string;
  partition: string;
}

/** The OCSF Detection Finding body of an `Anomaly Alert` event. */
export function toOcsf(alert: Alert): unknown {
  return alertToOcsf(alert, { productVersion: DETECTOR_VERSION });
}

/** The ASFF finding imported into the home account's Security Hub. */
export function toAsff(alert: Alert, home: HomeAccount): AwsSecurityFinding {
  const finding = alertToAsff(alert, {
    region: home.region,
    productAccountId: home.accountId,
    partition: home.partition,
    productVersion: DETECTOR_VERSION,
  });
  return { ...finding, AwsAccountId: home.accountId } as unknown as AwsSecurityFinding;
}
