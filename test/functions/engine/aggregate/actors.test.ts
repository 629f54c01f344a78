import { describe, expect, it } from 'vitest';
import { actorKeysOf, actorRules } from '../../../../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG, parseAggregatorConfig } from '../../../../functions/engine/config/index.js';
import { inCidr, isPublicIp } from '../../../../functions/engine/net/index.js';
import { makeFinding } from './helpers.js';

const rules = actorRules(DEFAULT_AGGREGATOR_CONFIG);

describe('actor keys', () => {
  it('reads the access key, public source IP, specific session name and the account-less role name', () => {
    const f = makeFinding({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      sourceIp: '198.51.99.7',
      sessionName: 'alice@example.com',
      role: 'Admin',
    });
    expect(actorKeysOf(f, rules).map((k) => k.key)).toEqual([
      'access-key:AKIAIOSFODNN7EXAMPLE',
      'session-name:alice@example.com',
      'source-ip:198.51.99.7',
      'principal-pattern:arn:aws:iam::*:role/Admin',
    ]);
  });

  it('skips generic SDK session names, ignored CIDRs and org automation roles', () => {
    const custom = actorRules(parseAggregatorConfig({ correlation: { ignoreSourceIps: ['198.51.99.0/24'] } }));
    const f = makeFinding({ sourceIp: '198.51.99.7', sessionName: 'aws-go-sdk-1700000000' });
    expect(actorKeysOf(f, custom).map((k) => k.kind)).toEqual(['access-key', 'principal-pattern']);
    expect(actorKeysOf(makeFinding({ role: 'AWSControlTowerExecution' }), rules)).toEqual([]);
  });

  it('marks a principal from another account as external', () => {
    const f = makeFinding({ principalAccount: '999999999999', role: 'Intruder' });
    expect(
      actorKeysOf(f, rules)
        .filter((k) => k.kind === 'external-principal')
        .map((k) => k.value),
    ).toEqual(['arn:aws:sts::999999999999:assumed-role/Intruder', 'arn:aws:iam::999999999999:role/Intruder']);
  });
});

describe('addresses', () => {
  it('accepts public IPv4 and IPv6 and refuses private, redacted, documentation and service names', () => {
    expect(['8.8.8.8', '2a05:d018::1'].map(isPublicIp)).toEqual([true, true]);
    expect(
      [
        '10.0.0.1',
        '172.20.1.1',
        '192.168.1.1',
        '0.0.0.0',
        '127.0.0.1',
        '192.0.2.1',
        'fe80::1',
        '::1',
        'AWS Internal',
        'ec2.amazonaws.com',
        '999.1.1.1',
      ].map(isPublicIp),
    ).toEqual(Array(11).fill(false));
  });

  it('matches CIDRs of both families', () => {
    expect(inCidr('198.51.99.7', '198.51.99.0/24')).toBe(true);
    expect(inCidr('198.51.100.7', '198.51.99.0/24')).toBe(false);
    expect(inCidr('2001:db8::5', '2001:db8::/32')).toBe(true);
    expect(inCidr('::ffff:10.0.0.1', '::ffff:0:0/96')).toBe(true);
    expect(inCidr('8.8.8.8', '2001:db8::/32')).toBe(false);
  });
});
