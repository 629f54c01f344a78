import { describe, expect, it } from 'vitest';
import { callerOf, clientTokenOf, networkKeyOf } from '../../../../functions/engine/activity/index.js';
import { clientOf, networkOf } from '../../../../functions/engine/dimensions/index.js';
import { lookupAsn, parseIp } from '../../../../functions/engine/net/index.js';
import { loadAsnDatabase } from '../../../../functions/adapters/asn/index.js';
import { tinyAsnTable } from '../../../support/asn.js';

const db = tinyAsnTable();
const resolve = (ip: string, vpce?: string) => networkOf(networkKeyOf(ip, vpce), db);

describe('the ASN table', () => {
  it('finds the autonomous system of IPv4 and IPv6 addresses, and none in the gaps', () => {
    expect(lookupAsn(db, parseIp('203.0.113.200')!)).toEqual({ asn: 64500, name: 'Example Broadband' });
    expect(lookupAsn(db, parseIp('192.0.2.1')!)).toEqual({ asn: 64501, name: 'Example Hosting Ltd' });
    expect(lookupAsn(db, parseIp('2001:db8:5:6::1')!)).toEqual({ asn: 64502, name: 'Example IPv6 Net' });
    expect(lookupAsn(db, parseIp('203.0.114.1')!)).toBeNull();
    expect(lookupAsn(db, parseIp('2001:db9::1')!)).toBeNull();
    expect(lookupAsn(db, parseIp('0.0.0.1')!)).toBeNull();
  });

  it('loads the table built from the data package: real providers resolve offline', () => {
    const loaded = loadAsnDatabase();
    expect(loaded.db, 'problem' in loaded ? loaded.problem : '').not.toBeNull();
    const real = loaded.db!;
    expect(real.source.package).toBe('@ip-location-db/asn');
    expect(lookupAsn(real, parseIp('159.89.1.1')!)?.asn).toBe(14061);
    expect(networkOf(networkKeyOf('159.89.214.31', undefined), real)).toMatchObject({
      value: 'as:14061',
      hosting: true,
    });
    expect(networkOf(networkKeyOf('2a03:b0c0:2:d0::1a:f001', undefined), real).value).toBe('as:14061');
    // EC2 in us-east-1 (AS14618) and elsewhere (AS16509): one network
    expect(networkOf(networkKeyOf('3.211.5.5', undefined), real).value).toBe('cloud:aws');
    expect(networkOf(networkKeyOf('52.17.3.3', undefined), real).value).toBe('cloud:aws');
    expect(networkOf(networkKeyOf('185.220.101.47', undefined), real)).toMatchObject({ anonymising: true });
  });
});

describe('networks', () => {
  it('are autonomous systems, with the big clouds one network each and AWS itself unreported', () => {
    expect(resolve('203.0.113.7')).toMatchObject({
      value: 'as:64500',
      kind: 'asn',
      label: 'AS64500 (Example Broadband)',
    });
    expect(resolve('192.0.2.9')).toMatchObject({ value: 'as:64501', hosting: true });
    expect(resolve('198.51.100.3').value).toBe('cloud:aws');
    expect(resolve('198.51.100.200').value).toBe('cloud:aws');
    expect(resolve('2001:db8:1:2::3').value).toBe('as:64502');
  });

  it('keep private addresses, VPC endpoints and AWS service names as their own classes', () => {
    expect(resolve('10.1.2.3')).toMatchObject({ value: 'private', kind: 'private', signal: true });
    expect(resolve('fd00::1')).toMatchObject({ value: 'private' });
    expect(resolve('10.1.2.3', 'vpce-0abc')).toMatchObject({ value: 'vpce:vpce-0abc', kind: 'vpce' });
    expect(resolve('ec2.amazonaws.com')).toMatchObject({ value: 'service:ec2.amazonaws.com', signal: false });
    expect(resolve('AWS Internal')).toMatchObject({ value: 'service:aws internal', signal: false });
    expect(networkOf('none', db)).toMatchObject({ value: 'none', signal: false });
  });

  it('fall back to the /24 or /48 when no autonomous system is known', () => {
    expect(resolve('100.200.1.2')).toMatchObject({ value: 'net:100.200.1.0/24', kind: 'prefix' });
    expect(networkOf(networkKeyOf('2a05:d018::1', undefined), null).value).toBe('net:2a05:d018:0::/48');
    expect(networkOf(networkKeyOf('2A05:D018:00AB:1::1', undefined), null).value).toBe('net:2a05:d018:ab::/48');
    expect(networkOf('1.2.3.0/24', null).value).toBe('net:1.2.3.0/24');
  });
});

describe('clients', () => {
  it('are user-agent families: versions and OS ignored, AWS itself unreported', () => {
    const family = (ua: string) => clientOf(clientTokenOf(ua)).value;
    expect(family('aws-cli/2.27.41 md/awscrt#0.26.1 os/macos#24.5.0')).toBe('aws-cli');
    expect(family('aws-cli/1.29.62 Python/3.9.16 Linux/5.15.0 botocore/1.31.62')).toBe('aws-cli');
    expect(family('Boto3/1.38.36 md/Botocore#1.38.36 ua/2.1')).toBe('python-sdk');
    expect(family('Botocore/1.31.62')).toBe('python-sdk');
    expect(family('aws-sdk-go-v2/1.36.5 ua/2.1')).toBe('go-sdk');
    expect(family('aws-sdk-js/3.840.0 ua/2.1')).toBe('js-sdk');
    expect(family('APN/1.0 HashiCorp/1.0 Terraform/1.12.2 (+https://www.terraform.io)')).toBe('terraform');
    expect(family('[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.780]')).toBe('console');
    expect(family('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)')).toBe('console');
    expect(family('console.ec2.amazonaws.com')).toBe('console');
    expect(family('python-requests/2.31.0')).toBe('other:python-requests');
    expect(clientOf(clientTokenOf('AWS Internal'))).toMatchObject({ value: 'aws-internal', signal: false });
    expect(clientOf(clientTokenOf('lambda.amazonaws.com'))).toMatchObject({ signal: false });
    expect(clientOf(clientTokenOf(undefined))).toMatchObject({ value: 'none', signal: false });
  });

  it('pair with the network key per event, as the activity query returns them', () => {
    expect(callerOf({ sourceIPAddress: '203.0.113.7', userAgent: 'aws-cli/2.1' })).toBe('203.0.113.0/24|aws-cli');
    expect(callerOf({ sourceIPAddress: '10.0.0.5', vpcEndpointId: 'vpce-1', userAgent: 'Boto3/1' })).toBe(
      'vpce:vpce-1|boto3',
    );
  });
});
