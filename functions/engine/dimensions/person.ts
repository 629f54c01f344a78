/** People sign in (Identity Center, SAML) and roam; software holds credentials and stays put. */

const PERSON_TYPES = new Set(['SAMLUser', 'IdentityCenterUser']);

/** Whether a principal is a person signing in (Identity Center, SAML), not software holding credentials. */
export function isPerson(p: { type: string; arn: string | null; key?: string; principalKey?: string }): boolean {
  if (PERSON_TYPES.has(p.type)) return true;
  return /:role\/(aws-reserved\/sso\.amazonaws\.com\/(.*\/)?)?AWSReservedSSO_/.test(
    `${p.arn ?? ''} ${p.key ?? p.principalKey ?? ''}`,
  );
}
