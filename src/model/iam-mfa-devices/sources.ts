import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** Every virtual MFA device of the account, assigned or not, with the user (or root) it is assigned to. */
export const listVirtualMfaDevices = defineSource({
  id: 'iam/list-virtual-mfa-devices',
  service: 'iam',
  command: 'list-virtual-mfa-devices',
  operation: 'ListVirtualMFADevices',
  permissions: ['iam:ListVirtualMFADevices'],
  scope: 'account',
  gives: 'the virtual MFA devices and whom each is assigned to: a root device means its MFA is not hardware (CIS 1.6)',
  sdk: {
    load: () => import('@aws-sdk/client-iam'),
    client: 'IAMClient',
    paginate: { inputToken: 'Marker', outputToken: 'Marker', moreResults: 'IsTruncated', resultKeys: ['VirtualMFADevices'] },
  },
  shape: aws.object({
    VirtualMFADevices: aws.list(
      aws.object({
        SerialNumber: aws.string(),
        // The root user's entry has no UserName.
        User: aws.object({ Arn: aws.string(), UserName: aws.string().optional() }).optional(),
        EnableDate: aws.timestamp().optional(),
      }),
    ),
  }),
});

export interface VirtualMfaDevicesValue {
  VirtualMFADevices: { SerialNumber: string; User?: { Arn: string; UserName?: string }; EnableDate?: string }[];
}
