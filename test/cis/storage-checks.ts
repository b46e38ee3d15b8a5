/** The checks on the storage families (issue 15), and those that need trails too: id -> CIS v3.0.0 control, Security Hub control, and the type each reports. */
export const STORAGE_CHECKS: Record<string, { cis: string; securityHub: string; fsbp?: boolean; subject: string; cli: string }> = {
  'aws-s3-buckets-without-tls-only-policy': { cis: '2.1.1', securityHub: 'S3.5', fsbp: true, subject: 'Bucket', cli: 's3api' },
  'aws-s3-buckets-without-mfa-delete': { cis: '2.1.2', securityHub: 'S3.20', subject: 'Bucket', cli: 's3api' },
  'aws-s3-buckets-public-access-not-blocked': { cis: '2.1.4', securityHub: 'S3.8', fsbp: true, subject: 'Bucket', cli: 's3control' },
  'aws-rds-instances-not-encrypted': { cis: '2.3.1', securityHub: 'RDS.3', fsbp: true, subject: 'DBInstance', cli: 'rds' },
  'aws-rds-instances-auto-minor-upgrade-disabled': { cis: '2.3.2', securityHub: 'RDS.13', fsbp: true, subject: 'DBInstance', cli: 'rds' },
  'aws-rds-instances-publicly-accessible': { cis: '2.3.3', securityHub: 'RDS.2', fsbp: true, subject: 'DBInstance', cli: 'rds' },
  'aws-efs-file-systems-not-encrypted': { cis: '2.4.1', securityHub: 'EFS.1', fsbp: true, subject: 'EFSFileSystem', cli: 'efs' },
  // What needs trails: the CloudTrail bucket's access logging, and object-level events per bucket.
  'aws-cloudtrail-bucket-access-logging-disabled': { cis: '3.4', securityHub: 'CloudTrail.7', subject: 'Trail', cli: 's3api' },
  'aws-s3-buckets-object-write-events-not-logged': { cis: '3.8', securityHub: 'S3.22', subject: 'Bucket', cli: 'cloudtrail' },
  'aws-s3-buckets-object-read-events-not-logged': { cis: '3.9', securityHub: 'S3.23', subject: 'Bucket', cli: 'cloudtrail' },
};
