import { describe, expect, it } from 'vitest';
import { compileOne, matches } from './helpers.js';

const one = (item: string) => compileOne(`selection:\n  ${item.trim().split('\n').join('\n  ')}\ncondition: selection`);

describe('Sigma values and modifiers', () => {
  it('matches strings case-insensitively with * and ? wildcards, and \\* as a star', () => {
    const rule = one('eventName: [Put*Policy, Get?ecret*]');
    expect(matches(rule, { eventName: 'putbucketpolicy' })).toBe(true);
    expect(matches(rule, { eventName: 'GetSecretValue' })).toBe(true);
    expect(matches(rule, { eventName: 'PutBucketAcl' })).toBe(false);
    const star = one(`userAgent|contains: '\\*'`);
    expect(matches(star, { userAgent: 'agent/*' })).toBe(true);
    expect(matches(star, { userAgent: 'agent/x' })).toBe(false);
  });

  it('honours |cased', () => {
    const rule = one('eventName|cased: StopLogging');
    expect(matches(rule, { eventName: 'StopLogging' })).toBe(true);
    expect(matches(rule, { eventName: 'stoplogging' })).toBe(false);
  });

  it('ORs a list and ANDs it with |all, for contains, startswith and endswith', () => {
    const any = one('requestParameters.policy|contains: [iam:PassRole, sts:AssumeRole]');
    const all = one('requestParameters.policy|contains|all: [iam:PassRole, sts:AssumeRole]');
    const both = { requestParameters: { policy: '{"Action":["iam:PassRole","sts:AssumeRole"]}' } };
    const onlyOne = { requestParameters: { policy: '{"Action":"iam:PassRole"}' } };
    expect([matches(any, both), matches(any, onlyOne), matches(all, both), matches(all, onlyOne)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    const starts = one('userAgent|startswith: [aws-cli/, Boto3/]');
    const ends = one('userIdentity.arn|endswith: [/admin, /root]');
    expect(matches(starts, { userAgent: 'Boto3/1.34 Python' })).toBe(true);
    expect(matches(starts, { userAgent: 'x aws-cli/2' })).toBe(false);
    expect(matches(ends, { userIdentity: { arn: 'arn:aws:iam::1:user/admin' } })).toBe(true);
    expect(matches(ends, { userIdentity: { arn: 'arn:aws:iam::1:user/admins' } })).toBe(false);
  });

  it('tells a missing or null field (null) from an empty string', () => {
    const rule = one('errorCode: null');
    expect(matches(rule, {})).toBe(true);
    expect(matches(rule, { errorCode: null })).toBe(true);
    expect(matches(rule, { errorCode: '' })).toBe(false);
    expect(matches(rule, { errorCode: 'AccessDenied' })).toBe(false);
    const exists = one('errorCode|exists: true');
    expect([matches(exists, {}), matches(exists, { errorCode: 'x' })]).toEqual([false, true]);
  });

  it('accepts null among other values', () => {
    const rule = one('requestParameters.enableLogFileValidation: [null, false]');
    expect(matches(rule, { requestParameters: {} })).toBe(true);
    expect(matches(rule, { requestParameters: { enableLogFileValidation: false } })).toBe(true);
    expect(matches(rule, { requestParameters: { enableLogFileValidation: 'false' } })).toBe(true);
    expect(matches(rule, { requestParameters: { enableLogFileValidation: true } })).toBe(false);
  });

  it('matches |cidr for IPv4 and IPv6 and never a service name', () => {
    const rule = one('sourceIPAddress|cidr: [10.0.0.0/8, 2001:db8::/32, 192.0.2.7]');
    expect(matches(rule, { sourceIPAddress: '10.200.3.4' })).toBe(true);
    expect(matches(rule, { sourceIPAddress: '11.0.0.1' })).toBe(false);
    expect(matches(rule, { sourceIPAddress: '2001:db8:ffff::1' })).toBe(true);
    expect(matches(rule, { sourceIPAddress: '2001:db9::1' })).toBe(false);
    expect(matches(rule, { sourceIPAddress: '192.0.2.7' })).toBe(true);
    expect(matches(rule, { sourceIPAddress: 'ec2.amazonaws.com' })).toBe(false);
  });

  it('runs |re case-sensitively unless |i, unanchored as regular expressions are', () => {
    const rule = one(`requestParameters.roleName|re: '^(Admin|Break[Gg]lass)-\\d+$'`);
    const loose = one(`userAgent|re|i: 'kali|parrot'`);
    expect(matches(rule, { requestParameters: { roleName: 'Admin-12' } })).toBe(true);
    expect(matches(rule, { requestParameters: { roleName: 'admin-12' } })).toBe(false);
    expect(matches(loose, { userAgent: 'aws-cli/2 os/linux#6.5.0-kali3-amd64' })).toBe(true);
    expect(matches(loose, { userAgent: 'aws-cli/2 PARROT' })).toBe(true);
  });

  it('compares numbers and booleans with their string forms', () => {
    const rule = one('requestParameters.fromPort: 22\nrequestParameters.dryRun: false');
    expect(matches(rule, { requestParameters: { fromPort: 22, dryRun: false } })).toBe(true);
    expect(matches(rule, { requestParameters: { fromPort: '22', dryRun: 'false' } })).toBe(true);
    expect(matches(rule, { requestParameters: { fromPort: 220, dryRun: false } })).toBe(false);
    const gt = one('requestParameters.maxCount|gte: 10');
    expect([
      matches(gt, { requestParameters: { maxCount: 12 } }),
      matches(gt, { requestParameters: { maxCount: '9' } }),
    ]).toEqual([true, false]);
  });

  it('keeps numbers written with leading zeros as the text the author wrote', () => {
    const rule = one('recipientAccountId: 012345678912');
    expect(matches(rule, { recipientAccountId: '012345678912' })).toBe(true);
    expect(matches(rule, { recipientAccountId: '12345678912' })).toBe(false);
    const version = one('eventVersion|startswith: 1.10');
    expect(matches(version, { eventVersion: '1.10' })).toBe(true);
  });

  it('reaches list elements and EC2 items wrappers along a path', () => {
    const rule = one('requestParameters.ipPermissions.ipRanges.cidrIp: 0.0.0.0/0');
    const explicit = one('requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0');
    const record = {
      requestParameters: {
        ipPermissions: {
          items: [
            { ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] } },
            { ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
          ],
        },
      },
    };
    expect(matches(rule, record)).toBe(true);
    expect(matches(explicit, record)).toBe(true);
    expect(matches(rule, { requestParameters: { ipPermissions: { items: [] } } })).toBe(false);
  });

  it('reads a map value with contains as its JSON text (S3 logs policies as objects)', () => {
    const rule = one(`requestParameters.bucketPolicy|contains: '"Principal":"\\*"'`);
    expect(matches(rule, { requestParameters: { bucketPolicy: { Statement: [{ Principal: '*' }] } } })).toBe(true);
    expect(matches(rule, { requestParameters: { bucketPolicy: { Statement: [{ Principal: { AWS: 'x' } }] } } })).toBe(
      false,
    );
  });

  it('never throws on records of the wrong shape', () => {
    const rule = one('requestParameters.a.b|contains: x\nsourceIPAddress|cidr: 10.0.0.0/8');
    for (const bad of [{}, { requestParameters: 'text' }, { requestParameters: [1, null] }, { sourceIPAddress: 7 }])
      expect(() => matches(rule, bad)).not.toThrow();
  });
});
