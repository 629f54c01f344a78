/**
 * Actions some principals never do routinely, so that injecting them later is a true first-seen
 * anomaly. The routine generator filters them out of repertoires and churn; the tests check it.
 * @module
 */

/** Reserved actions (`service:Operation`) per principal label. */
export const RESERVED: Readonly<Record<string, readonly string[]>> = {
  'github-actions-deploy': ['iam:CreateUser', 'iam:AttachUserPolicy'],
  'orders-processor-role': ['secretsmanager:GetSecretValue', 's3:ListBuckets'],
  'app-server-role': ['sts:GetCallerIdentity', 'iam:ListRoles'],
  'ops-automation': ['sts:GetCallerIdentity'],
  OrganizationAccountAccessRole: [
    'sts:GetCallerIdentity',
    'iam:ListUsers',
    's3:ListBuckets',
    'secretsmanager:ListSecrets',
    'secretsmanager:GetSecretValue',
  ],
  'lena.schmidt': ['ssm:StartSession', 'ec2:GetPasswordData', 'sts:GetCallerIdentity'],
};
