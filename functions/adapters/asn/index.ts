/** The offline IP-to-ASN table: built from an npm data package, loaded from a file, never fetched. */
export { ASN_FILE, type AsnLoad, loadAsnDatabase } from './load.js';
export { ASN_PACKAGE, asnPackage, asnTableFromPackage } from './from-package.js';
