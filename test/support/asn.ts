/** A tiny ASN table for tests: documentation ranges standing for an office ISP, a hosting provider and AWS. */
import { type AsnDatabase, decodeAsnDatabase, encodeAsnDatabase, parseIp } from '../../functions/engine/net/index.js';

const v = (ip: string): bigint => parseIp(ip)!.value;

/** 203.0.113.0/24: AS64500 (an office ISP); 192.0.2.0/24: AS64501 (a hosting provider); 198.51.100.0/24: AWS (AS16509); 2001:db8::/32: AS64502. */
export function tinyAsnTable(): AsnDatabase {
  return decodeAsnDatabase(
    encodeAsnDatabase(
      { package: 'test', version: '1' },
      [
        { start: v('203.0.113.0'), end: v('203.0.113.255'), asn: 64500 },
        { start: v('192.0.2.0'), end: v('192.0.2.255'), asn: 64501 },
        { start: v('198.51.100.0'), end: v('198.51.100.127'), asn: 16509 },
        { start: v('198.51.100.128'), end: v('198.51.100.255'), asn: 14618 },
      ],
      [{ start: v('2001:db8::'), end: v('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'), asn: 64502 }],
      new Map([
        [64500, 'Example Broadband'],
        [64501, 'Example Hosting Ltd'],
        [16509, 'Amazon.com, Inc.'],
        [14618, 'Amazon.com, Inc.'],
        [64502, 'Example IPv6 Net'],
      ]),
    ),
  );
}
