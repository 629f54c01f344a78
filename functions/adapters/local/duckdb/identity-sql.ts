/**
 * Who made a call, as staging folds it: by the raw identity fields of the record, hashed into one cheap key,
 * with the principal (key, type, ARN, name, account) derived once per identity of the run (the `principals` table)
 * instead of once per record or per folded group. The principal expressions are the costliest columns there are
 * (about a fifth of a batch's time per record, a sixth per group); a batch holds a few hundred distinct identities.
 * @module
 */
import { principalColumnsSql } from '../../../engine/activity/index.js';

/** The staged identity fields (ingest-sql.ts reads them from `userIdentity`). */
const IDENTITY_COLUMNS = [
  'ui_type',
  'ui_principalid',
  'ui_arn',
  'ui_accountid',
  'ui_username',
  'ui_invokedby',
  'ui_identityprovider',
  'si_arn',
  'si_username',
  'si_accountid',
  'si_principalid',
  'ob_userid',
  'ob_identitystorearn',
] as const;

/**
 * The two record fields the principal reads besides `userIdentity` (see {@link principalColumnsSql}): the event
 * source, and the source address only where it is read (an AWS service), so it does not split other groups.
 */
const ID_IP = `CASE WHEN ui_type = 'AWSService' THEN sourceipaddress END`;
const KEY_FIELDS = `eventsource AS id_source, ${ID_IP} AS id_ip`;

/** What a folded group keeps of its identity: the fields the principal is derived from. */
const FOLD_IDENTITY = [...IDENTITY_COLUMNS, 'id_source', 'id_ip'];

/** `userIdentity` rebuilt as the struct the principal and prefilter SQL read (same shape as the Athena table). */
export const USER_IDENTITY_STRUCT = `struct_pack(
    type := ui_type, principalid := ui_principalid, arn := ui_arn, accountid := ui_accountid, username := ui_username,
    invokedby := ui_invokedby, identityprovider := ui_identityprovider,
    sessioncontext := struct_pack(sessionissuer := struct_pack(arn := si_arn, username := si_username, accountid := si_accountid, principalid := si_principalid)),
    onbehalfof := struct_pack(userid := ob_userid, identitystorearn := ob_identitystorearn))`;

/**
 * Per record: the identity fields, the two others the principal reads, and `ikey`, their hash. Records with the
 * same key have the same principal. NULL and '' hash apart, so a group never mixes them.
 */
export const IDENTITY_SELECT = `${IDENTITY_COLUMNS.join(', ')}, ${KEY_FIELDS},
    hash(${IDENTITY_COLUMNS.join(', ')}, eventsource, ${ID_IP}) AS ikey`;

/** In the fold (grouped by `ikey`): the identity fields of the group, the same in every record of it. */
export const IDENTITY_AGGREGATES = FOLD_IDENTITY.map((c) => `any_value(${c}) AS ${c}`).join(', ');

/** The identity columns of the fold (what the principal is derived from), without the key. */
export const IDENTITY_COLUMNS_OF_FOLD = FOLD_IDENTITY.join(', ');

/** The identity columns of the fold with their key, to drop once the principal is joined. */
export const IDENTITY_FOLD_COLUMNS = `ikey, ${IDENTITY_COLUMNS_OF_FOLD}`;

/**
 * The principal columns of an identity (pkey, ptype, parn, pname, paccount), over a relation with the identity fields
 * and `useridentity` built from them ({@link USER_IDENTITY_STRUCT}).
 */
export const PRINCIPAL_OF_IDENTITY = principalColumnsSql('useridentity', 'id_source', 'id_ip');
