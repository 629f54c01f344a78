/**
 * ASFF for the home account: Security Hub's default product accepts findings only for the calling
 * account, so `AwsAccountId` is the central (home) account and the member accounts stay in Resources
 * and ProductFields.
 * @module
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { DETECTOR_VERSION } from '../../../engine/detect/index.js';
import { type Alert, alertToAsff } from '../../../engine/findings/index.js';

/** Where the importing function runs. */
export interface HomeAccount {
  accountId: string;
  region: string;
  partition: string;
}

/** The home account of a Lambda from its function ARN (`arn:aws:lambda:region:account:function:name`). */
export function homeFromArn(functionArn: string | undefined): HomeAccount | null {
  const m = /^arn:([^:]+):lambda:([^:]+):(\d{12}):/.exec(functionArn ?? '');
  return m ? { partition: m[1]!, region: m[2]!, accountId: m[3]! } : null;
}

/** The ASFF finding of an alert, imported into the home account's Security Hub. */
export function homeAsff(alert: Alert, home: HomeAccount): AwsSecurityFinding {
  const finding = alertToAsff(alert, {
    region: home.region,
    productAccountId: home.accountId,
    partition: home.partition,
    productVersion: DETECTOR_VERSION,
  });
  return { ...finding, AwsAccountId: home.accountId } as unknown as AwsSecurityFinding;
}
