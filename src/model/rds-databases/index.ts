import { oncePerRow } from '../iam-authorization/graph-rows.js';
import { rowsByEach } from '../network-rules/rows-by-each.js';
import { kmsKeyRelation } from '../kms/key-reference.js';
import { defineModule, many, one, type GraphView } from '../module.js';
import { describeDbClusters, describeDbInstances, type DbClusterValue, type DbInstanceValue } from './sources.js';

const cut = (text: unknown) => JSON.stringify(String(text).slice(0, 100));
const inRegion = (region: unknown, id: unknown) => `${String(region)}/${String(id)}`;
const byGroup = (group: Record<string, unknown>) => inRegion(group.region, group.groupId);

/** A database's VPC security groups must be groups describe-security-groups of its region lists: one that is not is the account's ERROR. */
function groupsOf(row: Record<string, unknown>, what: string, graph: GraphView) {
  const index = graph.index('SecurityGroup', byGroup);
  return hidden(row, GROUP_IDS).map(
    (id) => index.get(inRegion(row.region, id))?.[0] ?? graph.dangling(`${what} ${cut(row.name)} (${String(row.region)}) is in security group ${cut(id)}, which describe-security-groups of its region does not list`),
  );
}

/** What relations read from a row and no query selects: the groups and members as AWS names them. */
const GROUP_IDS = Symbol('security group ids');
const MEMBER_IDS = Symbol('member instance ids');
const hidden = (row: Record<string, unknown>, key: symbol) => (row as Record<symbol, unknown>)[key] as string[];

const groupIds = (value: DbInstanceValue | DbClusterValue) => (value.VpcSecurityGroups ?? []).map((group) => group.VpcSecurityGroupId);

/** RDS DB instances and clusters, per region in scope, with their security groups and each other. */
/** What instances and clusters say alike of their engine and storage. */
function engineAndStorage(db: Pick<DbInstanceValue & DbClusterValue, 'Engine' | 'EngineVersion' | 'StorageEncrypted' | 'KmsKeyId'>) {
  return { engine: db.Engine ?? null, engineVersion: db.EngineVersion ?? null, encrypted: db.StorageEncrypted === true, kmsKeyID: db.KmsKeyId ?? null };
}

/** The key fields of instances and clusters alike: the value RDS gives, and the key it names. */
const KMS_KEY_FIELDS = /* GraphQL */ `
      "The KMS key as RDS names it (the key ARN), kept as a value: the key may be another account's."
      kmsKeyID: String
      """
      The KMS key that encrypts it, from this account's keys of its region. Null when the
      storage is not encrypted, or when the key is another account's (it is judged in that
      account, not here). The account's ERROR, never a null: a key of this account that
      ListKeys of the region does not list, or of another region (RDS and EFS only encrypt with
      a key of the resource's own region), both DanglingReference; an alias, which is not
      resolved (KmsKeyAliasUnresolved); a KmsKeyId that names no key (KmsKeyIdMalformed).
      """
      kmsKey: KMSKey`;

export default defineModule({
  name: 'rds-databases',
  sdl: /* GraphQL */ `
    "An RDS DB instance (also an Aurora cluster's member)."
    type DBInstance implements Asset {
      "The instance's ARN."
      id: ID!
      "The instance identifier."
      name: String
      dbInstanceIdentifier: String!
      engine: String
      engineVersion: String
      status: String
      "The storage is encrypted at rest."
      encrypted: Boolean!
      ${KMS_KEY_FIELDS}
      autoMinorVersionUpgrade: Boolean!
      "The instance has a public DNS name that resolves to a public address."
      publiclyAccessible: Boolean!
      "Not publicly accessible."
      publicAccessBlocked: Boolean!
      "Deletion protection is on."
      deletionPrevention: Boolean!
      "The cluster's identifier, for a cluster member."
      dbClusterIdentifier: String
      "The cluster it is a member of, or null."
      dbCluster: DBCluster
      "Its VPC security groups."
      securityGroups: [SecurityGroup!]!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    "An RDS DB cluster (Aurora, or a Multi-AZ DB cluster)."
    type DBCluster implements Asset {
      "The cluster's ARN."
      id: ID!
      name: String
      dbClusterIdentifier: String!
      engine: String
      engineVersion: String
      status: String
      encrypted: Boolean!
      ${KMS_KEY_FIELDS}
      "Null when the cluster does not say (Aurora sets it per instance)."
      autoMinorVersionUpgrade: Boolean
      "Null when the cluster does not say (Aurora sets it per instance)."
      publiclyAccessible: Boolean
      deletionProtection: Boolean!
      "Its member instances."
      dbInstances: [DBInstance!]!
      securityGroups: [SecurityGroup!]!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type SecurityGroup {
      "The DB instances in the group."
      dbInstances: [DBInstance!]!
    }

    extend type Connector {
      "The DB instances of every region in scope."
      dbInstances: [DBInstance!]!
      "The DB clusters of every region in scope."
      dbClusters: [DBCluster!]!
    }
  `,
  sources: [describeDbInstances, describeDbClusters],
  types: {
    DBInstance: {
      root: 'dbInstances',
      description: 'RDS DB instances, per region in scope.',
      regional: true,
      needs: [describeDbInstances],
      fields: ['id', 'name', 'dbInstanceIdentifier', 'engine', 'engineVersion', 'status', 'encrypted', 'kmsKeyID', 'autoMinorVersionUpgrade', 'publiclyAccessible', 'publicAccessBlocked', 'deletionPrevention', 'dbClusterIdentifier'],
      rows: (view) =>
        (view.value(describeDbInstances) as { DBInstances: DbInstanceValue[] }).DBInstances.map((db) => ({
          id: db.DBInstanceArn,
          name: db.DBInstanceIdentifier,
          dbInstanceIdentifier: db.DBInstanceIdentifier,
          ...engineAndStorage(db),
          status: db.DBInstanceStatus ?? null,
          autoMinorVersionUpgrade: db.AutoMinorVersionUpgrade === true,
          publiclyAccessible: db.PubliclyAccessible === true,
          publicAccessBlocked: db.PubliclyAccessible !== true,
          deletionPrevention: db.DeletionProtection === true,
          dbClusterIdentifier: db.DBClusterIdentifier ?? null,
          [GROUP_IDS]: groupIds(db),
        })),
    },
    DBCluster: {
      root: 'dbClusters',
      description: 'RDS DB clusters, per region in scope.',
      regional: true,
      needs: [describeDbClusters],
      fields: ['id', 'name', 'dbClusterIdentifier', 'engine', 'engineVersion', 'status', 'encrypted', 'kmsKeyID', 'autoMinorVersionUpgrade', 'publiclyAccessible', 'deletionProtection'],
      rows: (view) =>
        (view.value(describeDbClusters) as { DBClusters: DbClusterValue[] }).DBClusters.map((cluster) => ({
          id: cluster.DBClusterArn,
          name: cluster.DBClusterIdentifier,
          dbClusterIdentifier: cluster.DBClusterIdentifier,
          ...engineAndStorage(cluster),
          status: cluster.Status ?? null,
          autoMinorVersionUpgrade: cluster.AutoMinorVersionUpgrade ?? null,
          publiclyAccessible: cluster.PubliclyAccessible ?? null,
          deletionProtection: cluster.DeletionProtection === true,
          [MEMBER_IDS]: (cluster.DBClusterMembers ?? []).map((member) => member.DBInstanceIdentifier),
          [GROUP_IDS]: groupIds(cluster),
        })),
    },
  },
  relations: {
    DBInstance: {
      kmsKey: kmsKeyRelation('DB instance', describeDbInstances),
      securityGroups: many('SecurityGroup', oncePerRow((db, graph) => groupsOf(db, 'DB instance', graph)), ['SecurityGroup']),
      // A member names its cluster; the cluster is in the same region's describe-db-clusters, or the data is inconsistent.
      dbCluster: one(
        'DBCluster',
        (db, graph) =>
          db.dbClusterIdentifier === null
            ? null
            : (graph.index('DBCluster', (c) => inRegion(c.region, c.dbClusterIdentifier)).get(inRegion(db.region, db.dbClusterIdentifier))?.[0] ??
              graph.dangling(`DB instance ${cut(db.name)} (${String(db.region)}) is a member of cluster ${cut(db.dbClusterIdentifier)}, which describe-db-clusters of its region does not list`)),
        ['DBCluster'],
      ),
    },
    DBCluster: {
      kmsKey: kmsKeyRelation('DB cluster', describeDbClusters),
      securityGroups: many('SecurityGroup', oncePerRow((cluster, graph) => groupsOf(cluster, 'DB cluster', graph)), ['SecurityGroup']),
      dbInstances: many(
        'DBInstance',
        oncePerRow((cluster, graph) => {
          const index = graph.index('DBInstance', (db) => inRegion(db.region, db.dbInstanceIdentifier));
          return hidden(cluster, MEMBER_IDS).map(
            (id) => index.get(inRegion(cluster.region, id))?.[0] ?? graph.dangling(`DB cluster ${cut(cluster.name)} (${String(cluster.region)}) has member ${cut(id)}, which describe-db-instances of its region does not list`),
          );
        }),
        ['DBInstance'],
      ),
    },
    SecurityGroup: {
      dbInstances: many('DBInstance', (group, graph) => rowsByEach(graph, 'DBInstance', 'security group', (db) => hidden(db, GROUP_IDS).map((id) => inRegion(db.region, id))).get(byGroup(group)) ?? [], ['DBInstance']),
    },
    Connector: {
      dbInstances: many('DBInstance', (_connector, graph) => graph.rows('DBInstance')),
      dbClusters: many('DBCluster', (_connector, graph) => graph.rows('DBCluster')),
    },
  },
});
