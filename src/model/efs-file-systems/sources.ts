import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** The region's EFS file systems (EFS pages with Marker in, NextMarker out). */
export const describeFileSystems = defineSource({
  id: 'efs/describe-file-systems',
  service: 'efs',
  command: 'describe-file-systems',
  operation: 'DescribeFileSystems',
  permissions: ['elasticfilesystem:DescribeFileSystems'],
  scope: 'region',
  gives: 'the EFS file systems of the region and their encryption (CIS 2.4.1)',
  sdk: { load: () => import('@aws-sdk/client-efs'), client: 'EFSClient', paginate: { inputToken: 'Marker', outputToken: 'NextMarker', resultKeys: ['FileSystems'] } },
  shape: aws.object({
    FileSystems: aws.list(
      aws.object({
        FileSystemId: aws.string(),
        FileSystemArn: aws.string().optional(),
        Name: aws.string().optional(),
        LifeCycleState: aws.string().optional(),
        Encrypted: aws.boolean().optional(),
        KmsKeyId: aws.string().optional(),
        OwnerId: aws.string().optional(),
      }),
    ),
  }),
});

export interface FileSystemValue {
  FileSystemId: string;
  FileSystemArn?: string;
  Name?: string;
  LifeCycleState?: string;
  Encrypted?: boolean;
  KmsKeyId?: string;
  OwnerId?: string;
}
