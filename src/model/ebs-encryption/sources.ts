import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';
import { ec2Sdk } from '../network-rules/ec2-source.js';

/** Whether new EBS volumes of the region are encrypted by default (CIS 2.2.1). */
export const getEbsEncryptionByDefault = defineSource({
  id: 'ec2/get-ebs-encryption-by-default',
  service: 'ec2',
  command: 'get-ebs-encryption-by-default',
  operation: 'GetEbsEncryptionByDefault',
  permissions: ['ec2:GetEbsEncryptionByDefault'],
  scope: 'region',
  gives: 'whether new EBS volumes of the region are encrypted by default (CIS 2.2.1)',
  sdk: ec2Sdk(),
  shape: aws.object({ EbsEncryptionByDefault: aws.boolean(), SseType: aws.string().optional() }),
});

export interface EbsEncryptionByDefaultValue {
  EbsEncryptionByDefault: boolean;
  SseType?: string;
}
