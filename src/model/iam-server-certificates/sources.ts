import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** The SSL/TLS certificates stored in IAM (not ACM's), with when each expires. */
export const listServerCertificates = defineSource({
  id: 'iam/list-server-certificates',
  service: 'iam',
  command: 'list-server-certificates',
  operation: 'ListServerCertificates',
  permissions: ['iam:ListServerCertificates'],
  scope: 'account',
  gives: 'the server certificates stored in IAM and when each expires (CIS 1.19)',
  sdk: {
    load: () => import('@aws-sdk/client-iam'),
    client: 'IAMClient',
    paginate: { inputToken: 'Marker', outputToken: 'Marker', moreResults: 'IsTruncated', resultKeys: ['ServerCertificateMetadataList'] },
  },
  shape: aws.object({
    ServerCertificateMetadataList: aws.list(
      aws.object({
        Path: aws.string(),
        ServerCertificateName: aws.string(),
        ServerCertificateId: aws.string(),
        Arn: aws.string(),
        UploadDate: aws.timestamp().optional(),
        // Optional in the API model, always there in practice; a certificate of unknown expiry must not pass 1.19.
        Expiration: aws.timestamp(),
      }),
    ),
  }),
});

export interface ServerCertificatesValue {
  ServerCertificateMetadataList: { Path: string; ServerCertificateName: string; ServerCertificateId: string; Arn: string; UploadDate?: string; Expiration: string }[];
}
