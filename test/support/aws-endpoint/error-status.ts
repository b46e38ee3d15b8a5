import type { ServiceModel } from './services.js';

/**
 * Statuses of codes services answer without modelling them (so the SDK
 * package has no schema saying): S3's "not configured" answers, the
 * generic access and throttling codes.
 */
const UNMODELLED_STATUS: Readonly<Record<string, number>> = {
  AccessDenied: 403,
  AccessDeniedException: 403,
  UnauthorizedOperation: 403,
  InvalidClientTokenId: 403,
  NoSuchBucketPolicy: 404,
  NoSuchPublicAccessBlockConfiguration: 404,
  ServerSideEncryptionConfigurationNotFoundError: 404,
  NoSuchBucket: 404,
  Throttling: 400,
  ThrottlingException: 400,
};

/** The HTTP status an error code is answered with: the service's own model first, then the codes above, else 400. */
export function errorStatus(service: ServiceModel, code: string): number {
  return service.errorStatus(code) ?? UNMODELLED_STATUS[code] ?? 400;
}
