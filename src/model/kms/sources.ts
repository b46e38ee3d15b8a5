import { aws } from '../../sources/shape.js';
import { defineSource, storedError } from '../../sources/source.js';

export const listKeys = defineSource({
  id: 'kms/list-keys',
  service: 'kms',
  command: 'list-keys',
  operation: 'ListKeys',
  permissions: ['kms:ListKeys'],
  scope: 'region',
  gives: 'the KMS keys of the region, AWS managed ones included (CIS 3.6)',
  sdk: {
    load: () => import('@aws-sdk/client-kms'),
    client: 'KMSClient',
    paginate: { inputToken: 'Marker', outputToken: 'NextMarker', moreResults: 'Truncated', resultKeys: ['Keys'] },
  },
  shape: aws.object({ Keys: aws.list(aws.object({ KeyId: aws.string(), KeyArn: aws.string().optional() })) }),
});

export interface ListKeysValue {
  Keys: { KeyId: string; KeyArn?: string }[];
}

const everyKey = (parent: unknown) => (parent as ListKeysValue).Keys.map((key) => key.KeyId);

export const describeKey = defineSource({
  id: 'kms/describe-key',
  service: 'kms',
  command: 'describe-key',
  operation: 'DescribeKey',
  permissions: ['kms:DescribeKey'],
  scope: 'region',
  perResource: { parent: listKeys, keys: everyKey, param: 'KeyId', cliParam: '--key-id' },
  gives: 'who manages each key, its spec, key material origin and state (CIS 3.6)',
  sdk: { load: () => import('@aws-sdk/client-kms'), client: 'KMSClient', input: (context) => ({ KeyId: context.key }) },
  shape: aws.object({
    KeyMetadata: aws.object({
      KeyId: aws.string(),
      Arn: aws.string(),
      KeyManager: aws.oneOf(['AWS', 'CUSTOMER']),
      KeySpec: aws.string().optional(),
      KeyUsage: aws.string().optional(),
      Origin: aws.string().optional(),
      KeyState: aws.string(),
      Enabled: aws.boolean().optional(),
      Description: aws.string().optional(),
      CreationDate: aws.timestamp().optional(),
      DeletionDate: aws.timestamp().optional(),
      MultiRegion: aws.boolean().optional(),
    }),
  }),
});

export interface KeyMetadataValue {
  KeyId: string;
  Arn: string;
  KeyManager: 'AWS' | 'CUSTOMER';
  KeySpec?: string;
  KeyUsage?: string;
  Origin?: string;
  KeyState: string;
  Enabled?: boolean;
  Description?: string;
  CreationDate?: string;
  DeletionDate?: string;
  MultiRegion?: boolean;
}

/**
 * The keys whose rotation status CIS 3.6 judges: customer managed,
 * symmetric (`SYMMETRIC_DEFAULT`), with key material from KMS (`AWS_KMS`).
 * AWS rotates its managed keys itself, and KMS refuses the call for
 * asymmetric, HMAC, imported-material and custom key store keys: only these
 * are asked.
 */
export function rotatableKeys(parent: unknown): string[] {
  return Object.entries(parent as Record<string, unknown>).flatMap(([keyId, answer]) => {
    if (storedError(answer)) return [];
    const metadata = (answer as { KeyMetadata: KeyMetadataValue }).KeyMetadata;
    return metadata.KeyManager === 'CUSTOMER' && metadata.KeySpec === 'SYMMETRIC_DEFAULT' && metadata.Origin === 'AWS_KMS' ? [keyId] : [];
  });
}

export const getKeyRotationStatus = defineSource({
  id: 'kms/get-key-rotation-status',
  service: 'kms',
  command: 'get-key-rotation-status',
  operation: 'GetKeyRotationStatus',
  permissions: ['kms:GetKeyRotationStatus'],
  scope: 'region',
  perResource: { parent: describeKey, keys: rotatableKeys, param: 'KeyId', cliParam: '--key-id' },
  gives: 'whether automatic rotation is on, for customer managed symmetric keys with KMS key material only (CIS 3.6)',
  sdk: { load: () => import('@aws-sdk/client-kms'), client: 'KMSClient', input: (context) => ({ KeyId: context.key }) },
  shape: aws.object({ KeyRotationEnabled: aws.boolean(), RotationPeriodInDays: aws.integer().optional(), NextRotationDate: aws.timestamp().optional() }),
});

export interface RotationValue {
  KeyRotationEnabled: boolean;
  RotationPeriodInDays?: number;
  NextRotationDate?: string;
}

export const getKeyPolicy = defineSource({
  id: 'kms/get-key-policy',
  service: 'kms',
  command: 'get-key-policy',
  cliArgs: ['--policy-name', 'default'],
  operation: 'GetKeyPolicy',
  permissions: ['kms:GetKeyPolicy'],
  scope: 'region',
  perResource: { parent: listKeys, keys: everyKey, param: 'KeyId', cliParam: '--key-id' },
  gives: 'the key policy of each key (a JSON document as text)',
  sdk: { load: () => import('@aws-sdk/client-kms'), client: 'KMSClient', input: (context) => ({ KeyId: context.key, PolicyName: 'default' }) },
  shape: aws.object({ Policy: aws.string(), PolicyName: aws.string().optional() }),
});
