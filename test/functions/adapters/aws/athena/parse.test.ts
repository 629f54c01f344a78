import { describe, expect, it } from 'vitest';
import { recordOf } from '../../../../../functions/adapters/aws/athena/index.js';

describe('candidate records from Athena', () => {
  it('maps Hive lower-cased struct names back to CloudTrail names and parses JSON-text fields', () => {
    const record = recordOf(
      JSON.stringify({
        eventName: 'AssumeRoleWithWebIdentity',
        userIdentity: {
          type: 'WebIdentityUser',
          principalid: 'accounts.google.com:1234',
          identityprovider: 'accounts.google.com',
          sessioncontext: {
            webidfederationdata: '{"federatedProvider":"accounts.google.com","attributes":{}}',
            sessionissuer: null,
          },
        },
        requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/web' },
        resources: [{ ARN: 'arn:aws:iam::111122223333:role/web', accountId: '111122223333', type: 'AWS::IAM::Role' }],
        errorCode: null,
      }),
    );

    expect(record).toEqual({
      eventName: 'AssumeRoleWithWebIdentity',
      userIdentity: {
        type: 'WebIdentityUser',
        principalId: 'accounts.google.com:1234',
        identityProvider: 'accounts.google.com',
        sessionContext: { webIdFederationData: { federatedProvider: 'accounts.google.com', attributes: {} } },
      },
      requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/web' },
      resources: [{ ARN: 'arn:aws:iam::111122223333:role/web', accountId: '111122223333', type: 'AWS::IAM::Role' }],
    });
  });

  it('reads a struct cast to a positional array (older engines) by the column order', () => {
    const record = recordOf(
      JSON.stringify({
        eventName: 'ListUsers',
        userIdentity: ['IAMUser', 'AIDAEXAMPLE', 'arn:aws:iam::111122223333:user/alice', '111122223333', null, 'alice'],
      }),
    );
    expect(record.userIdentity).toEqual({
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      userName: 'alice',
    });
  });

  it('keeps a JSON-text field that is not valid JSON as text rather than failing the window', () => {
    const record = recordOf(
      JSON.stringify({ userIdentity: { type: 'AWSService', invokedby: 'ec2.amazonaws.com', inscopeof: '{broken' } }),
    );
    expect(record.userIdentity).toEqual({ type: 'AWSService', invokedBy: 'ec2.amazonaws.com', inScopeOf: '{broken' });
  });
});
