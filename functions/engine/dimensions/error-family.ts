/** The `errorCode` dimension: refusals (AccessDenied and kin) against every other error. */

const DENIED =
  /accessdenied|unauthorized|forbidden|notauthorized|authfailure|optinrequired|signaturedoesnotmatch|invalidclienttokenid/i;

/** `denied` for a refusal, `failed` for any other error code. */
export function errorFamilyOf(code: string): 'denied' | 'failed' {
  return DENIED.test(code) ? 'denied' : 'failed';
}
