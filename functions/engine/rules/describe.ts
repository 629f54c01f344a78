/** Words for findings: who acted, and short names of actions, in the form an analyst reads at 3 a.m. */
import type { Principal } from '../cloudtrail/index.js';

/** "role ci-deploy", "IAM user alice", "the root user", "AWS service cloudformation.amazonaws.com", ... */
export function describePrincipal(principal: Pick<Principal, 'type' | 'name' | 'key'>): string {
  const name = principal.name ?? principal.key;
  switch (principal.type) {
    case 'Root':
      return 'the root user';
    case 'IAMUser':
      return `IAM user ${name}`;
    case 'AssumedRole':
      return `role ${name}`;
    case 'AWSService':
      return `AWS service ${name}`;
    case 'FederatedUser':
      return `federated user ${name}`;
    case 'SAMLUser':
      return `SAML user ${name}`;
    case 'WebIdentityUser':
      return `web identity ${name}`;
    case 'IdentityCenterUser':
      return `Identity Center user ${name}`;
    case 'AWSAccount':
      return `account ${name}`;
    case 'None':
      return `an unidentified caller (${name})`;
    default:
      return `${principal.type} ${name}`;
  }
}

/** `iam.amazonaws.com:CreateUser` -> `iam:CreateUser`, the form IAM policies use. */
export function shortAction(action: string): string {
  const i = action.indexOf(':');
  if (i < 0) return action;
  const source = action.slice(0, i).replace(/\.amazonaws\.com$/, '');
  return `${source}:${action.slice(i + 1)}`;
}

/** Capitalises the first letter (for a sentence that starts with a principal description). */
export function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}
