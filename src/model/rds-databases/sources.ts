import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

const rdsSdk = (resultKey: string) => ({ load: () => import('@aws-sdk/client-rds'), client: 'RDSClient', paginate: { inputToken: 'Marker', outputToken: 'Marker', resultKeys: [resultKey] } });
const vpcGroups = aws.list(aws.object({ VpcSecurityGroupId: aws.string(), Status: aws.string().optional() })).optional();

/** The region's DB instances (RDS, Aurora members, DocumentDB and Neptune instances alike). */
export const describeDbInstances = defineSource({
  id: 'rds/describe-db-instances',
  service: 'rds',
  command: 'describe-db-instances',
  operation: 'DescribeDBInstances',
  permissions: ['rds:DescribeDBInstances'],
  scope: 'region',
  gives: 'the DB instances of the region: encryption, minor version upgrades, public access (CIS 2.3.1 to 2.3.3)',
  sdk: rdsSdk('DBInstances'),
  shape: aws.object({
    DBInstances: aws.list(
      aws.object({
        DBInstanceIdentifier: aws.string(),
        DBInstanceArn: aws.string(),
        Engine: aws.string().optional(),
        EngineVersion: aws.string().optional(),
        DBInstanceStatus: aws.string().optional(),
        StorageEncrypted: aws.boolean().optional(),
        KmsKeyId: aws.string().optional(),
        AutoMinorVersionUpgrade: aws.boolean().optional(),
        PubliclyAccessible: aws.boolean().optional(),
        DeletionProtection: aws.boolean().optional(),
        DBClusterIdentifier: aws.string().optional(),
        VpcSecurityGroups: vpcGroups,
      }),
    ),
  }),
});

export const describeDbClusters = defineSource({
  id: 'rds/describe-db-clusters',
  service: 'rds',
  command: 'describe-db-clusters',
  operation: 'DescribeDBClusters',
  permissions: ['rds:DescribeDBClusters'],
  scope: 'region',
  gives: 'the DB clusters of the region (Aurora, Multi-AZ clusters) and their members',
  sdk: rdsSdk('DBClusters'),
  shape: aws.object({
    DBClusters: aws.list(
      aws.object({
        DBClusterIdentifier: aws.string(),
        DBClusterArn: aws.string(),
        Engine: aws.string().optional(),
        EngineVersion: aws.string().optional(),
        Status: aws.string().optional(),
        StorageEncrypted: aws.boolean().optional(),
        KmsKeyId: aws.string().optional(),
        AutoMinorVersionUpgrade: aws.boolean().optional(),
        PubliclyAccessible: aws.boolean().optional(),
        DeletionProtection: aws.boolean().optional(),
        DBClusterMembers: aws.list(aws.object({ DBInstanceIdentifier: aws.string(), IsClusterWriter: aws.boolean().optional() })).optional(),
        VpcSecurityGroups: vpcGroups,
      }),
    ),
  }),
});

interface VpcGroupValue {
  VpcSecurityGroupId: string;
}
export interface DbInstanceValue {
  DBInstanceIdentifier: string;
  DBInstanceArn: string;
  Engine?: string;
  EngineVersion?: string;
  DBInstanceStatus?: string;
  StorageEncrypted?: boolean;
  KmsKeyId?: string;
  AutoMinorVersionUpgrade?: boolean;
  PubliclyAccessible?: boolean;
  DeletionProtection?: boolean;
  DBClusterIdentifier?: string;
  VpcSecurityGroups?: VpcGroupValue[];
}
export interface DbClusterValue {
  DBClusterIdentifier: string;
  DBClusterArn: string;
  Engine?: string;
  EngineVersion?: string;
  Status?: string;
  StorageEncrypted?: boolean;
  KmsKeyId?: string;
  AutoMinorVersionUpgrade?: boolean;
  PubliclyAccessible?: boolean;
  DeletionProtection?: boolean;
  DBClusterMembers?: { DBInstanceIdentifier: string; IsClusterWriter?: boolean }[];
  VpcSecurityGroups?: VpcGroupValue[];
}
