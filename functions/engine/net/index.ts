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
