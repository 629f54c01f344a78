/** Network addresses: the one IP/CIDR parser of the engine. */
export {
  inCidr,
  ipInCidr,
  isPrivateIp,
  isPublicIp,
  isWorldCidr,
  type ParsedCidr,
  type ParsedIp,
  parseCidr,
  parseIp,
} from './ip.js';
export {
  type AsnDatabase,
  type AsnInfo,
  type AsnRange,
  type AsnSource,
  decodeAsnDatabase,
  encodeAsnDatabase,
  lookupAsn,
  lookupAsnBlock,
} from './asn.js';
