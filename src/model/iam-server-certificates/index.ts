import { defineModule, many } from '../module.js';
import { listServerCertificates, type ServerCertificatesValue } from './sources.js';

/** SSL/TLS certificates stored in IAM, for load balancers and CloudFront that predate ACM (CIS 1.19). */
export default defineModule({
  name: 'iam-server-certificates',
  sdl: /* GraphQL */ `
    "An SSL/TLS server certificate stored in IAM."
    type IAMServerCertificate implements Asset {
      "The certificate's ARN."
      id: ID!
      name: String
      arn: String!
      serverCertificateId: String!
      path: String!
      "When the certificate expires (it is valid up to and including this instant)."
      expiration: DateTime!
      uploadDate: DateTime
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type Connector {
      iamServerCertificates: [IAMServerCertificate!]!
    }
  `,
  sources: [listServerCertificates],
  types: {
    IAMServerCertificate: {
      root: 'iamServerCertificates',
      description: 'Server certificates stored in IAM.',
      needs: [listServerCertificates],
      fields: ['id', 'name', 'arn', 'serverCertificateId', 'path', 'expiration', 'uploadDate'],
      rows: (view) =>
        (view.value(listServerCertificates) as ServerCertificatesValue).ServerCertificateMetadataList.map((certificate) => ({
          id: certificate.Arn,
          name: certificate.ServerCertificateName,
          arn: certificate.Arn,
          serverCertificateId: certificate.ServerCertificateId,
          path: certificate.Path,
          expiration: certificate.Expiration,
          uploadDate: certificate.UploadDate ?? null,
        })),
    },
  },
  relations: {
    Connector: { iamServerCertificates: many('IAMServerCertificate', (_connector, graph) => graph.rows('IAMServerCertificate')) },
  },
});
