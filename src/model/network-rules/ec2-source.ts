import type { SdkBinding } from '../../sources/source.js';

/** The pinned EC2 client, paging on NextToken through the lists named. */
export const ec2Sdk = (...resultKeys: string[]): SdkBinding => ({
  load: () => import('@aws-sdk/client-ec2'),
  client: 'EC2Client',
  ...(resultKeys.length > 0 ? { paginate: { inputToken: 'NextToken', outputToken: 'NextToken', resultKeys } } : {}),
});
