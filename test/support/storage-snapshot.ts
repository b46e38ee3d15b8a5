/**
 * The storage families' snapshot files for an account that has none of
 * them: no buckets (so no per-bucket answers), no account-level Block Public
 * Access (S3 Control's "not configured" answer), and no DB instances, DB
 * clusters or EFS file systems in the regions given. A fixture that is about
 * something else can then still answer every root field.
 */
export function storageFiles(regions: readonly string[]): Record<string, unknown> {
  const files: Record<string, unknown> = {
    's3api/list-buckets.json': { Buckets: [] },
    's3control/get-public-access-block.json': { Error: { Code: 'NoSuchPublicAccessBlockConfiguration', Message: 'The public access block configuration was not found' } },
  };
  for (const command of ['get-bucket-policy', 'get-bucket-acl', 'get-public-access-block', 'get-bucket-encryption', 'get-bucket-versioning', 'get-bucket-logging']) files[`s3api/${command}.json`] = {};
  for (const region of regions) {
    files[`regions/${region}/rds/describe-db-instances.json`] = { DBInstances: [] };
    files[`regions/${region}/rds/describe-db-clusters.json`] = { DBClusters: [] };
    files[`regions/${region}/efs/describe-file-systems.json`] = { FileSystems: [] };
  }
  return files;
}
