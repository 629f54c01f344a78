import { describe, expect, it } from 'vitest';
import { event, identity } from '../../../../functions/engine/rules/case-builder.js';
import { matchesSelector, mintedKeys, needleOf, sessionOf } from '../../../../functions/engine/hunt/index.js';

describe('hunt selectors', () => {
  const session = event('s3', 'ListBuckets', { as: identity.role('deployer', 'sync-1') });
  const assume = event('sts', 'AssumeRole', {
    request: { roleArn: 'arn:aws:iam::111122223333:role/deployer', roleSessionName: 'sync-1' },
    response: { credentials: { accessKeyId: 'ASIAEXAMPLESESSION01', sessionToken: 'x' } },
  });

  it('matches an access key used, minted or named in a request', () => {
    expect(matchesSelector(session, { kind: 'access-key', value: 'ASIAEXAMPLESESSION01' })).toBe(true);
    expect(matchesSelector(assume, { kind: 'access-key', value: 'ASIAEXAMPLESESSION01' })).toBe(true);
    expect(mintedKeys(assume)).toEqual(['ASIAEXAMPLESESSION01']);
    expect(matchesSelector(assume, { kind: 'access-key', value: 'AKIAOTHER' })).toBe(false);
  });

  it('matches a role by ARN or name, a session by name, and reads the session a call starts', () => {
    expect(matchesSelector(session, { kind: 'principal', value: 'arn:aws:iam::111122223333:role/deployer' })).toBe(
      true,
    );
    expect(matchesSelector(session, { kind: 'principal', value: 'deployer' })).toBe(true);
    expect(matchesSelector(session, { kind: 'principal', value: 'deploy' })).toBe(false);
    expect(needleOf({ kind: 'principal', value: 'arn:aws:iam::111122223333:role/path/deployer' })).toBe('deployer');
    expect(sessionOf(assume)).toBe('sync-1');
    expect(matchesSelector(session, { kind: 'session', value: 'sync-1' })).toBe(true);
  });

  it('matches an address exactly or in a block, and an event by its id or shared id', () => {
    const call = event('s3', 'ListBuckets', { ip: '203.0.113.77', extra: { sharedEventID: 'shared-1' } });
    expect(matchesSelector(call, { kind: 'ip', value: '203.0.113.77' })).toBe(true);
    expect(matchesSelector(call, { kind: 'ip', value: '203.0.113.7' })).toBe(false);
    expect(matchesSelector(call, { kind: 'ip', value: '203.0.113.0/24' })).toBe(true);
    expect(needleOf({ kind: 'ip', value: '203.0.113.0/24' })).toBe('"203.0.113.');
    expect(needleOf({ kind: 'ip', value: '2001:db8::/32' })).toBeNull();
    expect(matchesSelector(call, { kind: 'event-id', value: 'shared-1' })).toBe(true);
    expect(matchesSelector(call, { kind: 'event-id', value: String(call.eventID) })).toBe(true);
  });
});
