import { ConnectorError } from '../../sources/connector.js';
import type { SourceSpec } from '../../sources/source.js';
import { one, type GraphView, type Relation } from '../module.js';

/**
 * What an encrypted resource's `KmsKeyId` names. RDS and EFS answer the key
 * ARN (their models also allow a key id, an alias name or an alias ARN,
 * which they resolve to the key when the resource is created).
 */
type KeyReference = { account: string; region: string; keyId: string; arn?: string } | { account: string; region: string; alias: string };

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ALIAS = /^alias\/[A-Za-z0-9/_-]+$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key\/.+|alias\/.+)$/;

/** The reference, or undefined for a value that is none of the four forms. Bare ids and aliases are of the resource's own account and region. */
export function parseKeyReference(value: string, own: { account: string; region: string }): KeyReference | undefined {
  if (KEY_ID.test(value)) return { ...own, keyId: value };
  if (ALIAS.test(value)) return { ...own, alias: value };
  const arn = KMS_ARN.exec(value);
  if (!arn) return undefined;
  const [, region, account, resource] = arn;
  if (ALIAS.test(resource)) return { account, region, alias: resource };
  const keyId = resource.slice('key/'.length);
  return KEY_ID.test(keyId) ? { account, region, keyId, arn: value } : undefined;
}

const cut = (text: unknown) => JSON.stringify(String(text).slice(0, 200));
const byArn = (key: Record<string, unknown>) => key.arn as string;
const byRegionAndId = (key: Record<string, unknown>) => `${String(key.region)}/${String(key.keyId)}`;

/**
 * `kmsKey` of an encrypted regional resource whose row keeps the raw value
 * as `kmsKeyID`: null when there is no key, or when it is another account's
 * (that account's graph holds it, and judges it); this account's key from
 * the KMS keys of the resource's region (RDS and EFS only encrypt with a key
 * of the resource's own region, a multi-Region replica included). A key of
 * this account that is not there, an alias, or a value that names no key
 * is the account's ERROR: never a null that a filter would read as "none".
 */
export function kmsKeyRelation(what: string, source: SourceSpec): Relation {
  return one('KMSKey', (row, graph) => {
    const value = row.kmsKeyID;
    if (value === null) return null;
    const resource = `${what} ${cut(row.name)} (${String(row.region)})`;
    const reference = parseKeyReference(String(value), { account: String(row.accountId), region: String(row.region) });
    const fail = (code: string, message: string): never => {
      throw new ConnectorError(graph.connectorId, code, `${graph.read(source, String(row.region)).origin}: ${resource}: ${message}`);
    };
    if (!reference) return fail('KmsKeyIdMalformed', `KmsKeyId ${cut(value)} is not a KMS key ARN, key id or alias`);
    if (reference.account !== row.accountId) return null;
    if ('alias' in reference) return fail('KmsKeyAliasUnresolved', `KmsKeyId ${cut(value)} is an alias, which assetql does not resolve (RDS and EFS answer the key's ARN)`);
    if (reference.region !== row.region) return graph.dangling(`${resource} is encrypted with KMS key ${cut(value)} of region ${reference.region}, but RDS and EFS encrypt with a key of the resource's own region`);
    return find(graph, reference) ?? graph.dangling(`${resource} is encrypted with KMS key ${cut(value)}, which ListKeys of ${reference.region} does not list`);
  });
}

function find(graph: GraphView, reference: { region: string; keyId: string; arn?: string }): Record<string, unknown> | undefined {
  return reference.arn ? graph.index('KMSKey', byArn).get(reference.arn)?.[0] : graph.index('KMSKey', byRegionAndId).get(`${reference.region}/${reference.keyId}`)?.[0];
}
