import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { field, text } from '../../fields.js';
import { clause, isEvent, named, req } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

const anchorName = (r: CloudTrailRecord): string | undefined =>
  text(r.requestParameters, 'name') ??
  text(r.responseElements, 'trustAnchor.name') ??
  text(r.requestParameters, 'trustAnchorId');
const sourceType = (r: CloudTrailRecord): string | undefined =>
  text(r.requestParameters, 'source.sourceType') ?? text(r.responseElements, 'trustAnchor.source.sourceType');

/** CreateTrustAnchor, or UpdateTrustAnchor replacing the certificate source. */
function matches(r: CloudTrailRecord): boolean {
  if (isEvent(r, 'rolesanywhere', 'CreateTrustAnchor')) return true;
  return isEvent(r, 'rolesanywhere', 'UpdateTrustAnchor') && field(req(r, 'source'), 'sourceData') !== undefined;
}

const CERTIFICATE =
  '-----BEGIN CERTIFICATE-----\nMIIE3zCCAsegAwIBAgIJAOZLUn/n7YvYMA0GCSqGSIb3DQEBCwUAMA0xCzAJBgNV\n-----END CERTIFICATE-----';

/** A new certificate authority trusted by IAM Roles Anywhere: whoever holds it can get role credentials from outside AWS. */
export const trustAnchorCreated: RecordRule = {
  id: 'aws.rolesanywhere.trust-anchor-created',
  title: 'IAM Roles Anywhere trust anchor created',
  description:
    "CreateTrustAnchor, or UpdateTrustAnchor replacing the anchor's certificate source. A trust anchor makes IAM Roles Anywhere accept X.509 certificates signed by the given CA: with a profile (CreateProfile) naming roles that trust rolesanywhere.amazonaws.com, the holder of such a certificate gets temporary credentials from anywhere, and they survive the removal of the attacker's original keys (Stratus: aws.persistence.rolesanywhere-create-trust-anchor). An external certificate bundle (CERTIFICATE_BUNDLE) is higher risk than an AWS Private CA (AWS_ACM_PCA). Teams adopting Roles Anywhere do this once.",
  severity: 'high',
  mitre: { tactic: 'TA0003 Persistence', technique: 'T1098.001 Account Manipulation: Additional Cloud Credentials' },
  runbook:
    'Confirm the CA with its owner; if unknown, disable the trust anchor (DisableTrustAnchor), delete the profiles created with it and look for CreateSession calls from rolesanywhere.',
  prefilter: [clause('rolesanywhere', 'CreateTrustAnchor', 'UpdateTrustAnchor')],
  match: matches,
  titleOf: (r) =>
    `IAM Roles Anywhere trust anchor${named(anchorName(r))} ${r.eventName === 'UpdateTrustAnchor' ? 'given a new certificate source' : 'created'}${sourceType(r) === undefined ? '' : ` (${sourceType(r)})`}`,
  severityOf: (r) => (sourceType(r) === 'AWS_ACM_PCA' ? 'medium' : 'high'),
  context: (r) => ({
    trustAnchor: anchorName(r) ?? null,
    sourceType: sourceType(r) ?? null,
    trustAnchorArn: text(r.responseElements, 'trustAnchor.trustAnchorArn') ?? null,
  }),
  cases: [
    {
      name: 'flags a trust anchor from a certificate bundle (Stratus detonation shape)',
      expect: true,
      record: event('rolesanywhere', 'CreateTrustAnchor', {
        request: {
          enabled: true,
          name: 'malicious-rolesanywhere-trust-anchor',
          source: { sourceData: { x509CertificateData: CERTIFICATE }, sourceType: 'CERTIFICATE_BUNDLE' },
          tags: [{ key: 'HIDDEN_DUE_TO_SECURITY_REASONS', value: 'HIDDEN_DUE_TO_SECURITY_REASONS' }],
        },
        response: {
          trustAnchor: {
            enabled: true,
            name: 'malicious-rolesanywhere-trust-anchor',
            trustAnchorArn:
              'arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/4d07f6a0-1c50-44d3-951b-b68b783daa0a',
            trustAnchorId: '4d07f6a0-1c50-44d3-951b-b68b783daa0a',
            source: { sourceType: 'CERTIFICATE_BUNDLE' },
          },
        },
      }),
    },
    {
      name: 'flags a trust anchor given a new certificate',
      expect: true,
      record: event('rolesanywhere', 'UpdateTrustAnchor', {
        request: {
          trustAnchorId: '4d07f6a0',
          source: { sourceData: { x509CertificateData: CERTIFICATE }, sourceType: 'CERTIFICATE_BUNDLE' },
        },
      }),
    },
    {
      name: 'ignores renaming a trust anchor',
      expect: false,
      record: event('rolesanywhere', 'UpdateTrustAnchor', { request: { trustAnchorId: '4d07f6a0', name: 'corp-ca' } }),
    },
    {
      name: 'ignores creating a profile alone',
      expect: false,
      record: event('rolesanywhere', 'CreateProfile', {
        request: { name: 'p', roleArns: ['arn:aws:iam::111122223333:role/r'] },
      }),
    },
    {
      name: 'ignores a denied attempt',
      expect: false,
      record: event('rolesanywhere', 'CreateTrustAnchor', { request: { name: 'x' }, error: 'AccessDeniedException' }),
    },
  ],
};
