import { storedError, type SourceSpec } from '../../sources/source.js';
import { cut } from '../iam-authorization/authorization.js';
import type { AssetType, SourceView } from '../module.js';
import { PolicyDocumentError, readPolicyStatements } from '../policy-statements/index.js';
import { describeKey, getKeyPolicy, getKeyRotationStatus, listKeys, rotatableKeys, type KeyMetadataValue, type ListKeysValue, type RotationValue } from './sources.js';

/** One key's answer of a per-key source: there, and not a recorded failure (a denied call on one key is the account's ERROR, not a pass). */
function answerFor<T>(view: SourceView, source: SourceSpec, keyId: string): T {
  const answers = view.value(source) as Record<string, unknown>;
  if (!Object.hasOwn(answers, keyId)) view.fail('SnapshotEntryMissing', `${view.origin(source)}: no entry for key ${cut(keyId)} (write it with aws kms ${source.command} --key-id ${cut(keyId)} --region ${view.region})`);
  const error = storedError(answers[keyId]);
  if (error) view.fail(error.Code, `${view.origin(source)}: key ${cut(keyId)}: ${source.operation} failed: ${error.Code}: ${error.Message || 'no message'}`);
  return answers[keyId] as T;
}

function keyRows(view: SourceView): Record<string, unknown>[] {
  const { Keys } = view.value(listKeys) as ListKeysValue;
  const rotatable = new Set(rotatableKeys(view.value(describeKey)));
  return Keys.map(({ KeyId }) => {
    const metadata = answerFor<{ KeyMetadata: KeyMetadataValue }>(view, describeKey, KeyId).KeyMetadata;
    const { Policy } = answerFor<{ Policy: string }>(view, getKeyPolicy, KeyId);
    const rotation = rotatable.has(KeyId) ? answerFor<RotationValue>(view, getKeyRotationStatus, KeyId) : null;
    let statements;
    try {
      statements = readPolicyStatements(JSON.parse(Policy), { accountId: view.accountId });
    } catch (error) {
      if (!(error instanceof PolicyDocumentError) && !(error instanceof SyntaxError)) throw error;
      view.fail('PolicyDocumentMalformed', `${view.origin(getKeyPolicy)}: key ${cut(KeyId)}: ${error instanceof SyntaxError ? 'not valid JSON' : error.message} (not a policy document)`);
    }
    return {
      id: metadata.Arn,
      name: KeyId,
      keyId: KeyId,
      arn: metadata.Arn,
      managementType: metadata.KeyManager === 'CUSTOMER' ? 'CustomerManaged' : 'AWSManaged',
      keySpec: metadata.KeySpec ?? null,
      keyUsage: metadata.KeyUsage ?? null,
      origin: metadata.Origin ?? null,
      keyState: metadata.KeyState,
      enabled: metadata.Enabled ?? metadata.KeyState === 'Enabled',
      scheduleForDeletion: metadata.KeyState === 'PendingDeletion' || metadata.KeyState === 'PendingReplicaDeletion',
      deletionDate: metadata.DeletionDate ?? null,
      description: metadata.Description ?? null,
      creationDate: metadata.CreationDate ?? null,
      multiRegion: metadata.MultiRegion ?? false,
      rotationApplies: rotatable.has(KeyId),
      automaticRotationEnabled: rotation ? rotation.KeyRotationEnabled : null,
      rotationPeriodInDays: rotation?.RotationPeriodInDays ?? null,
      keyPolicy: { statements },
      policyDocument: Policy,
    };
  });
}

export const kmsKeyType: AssetType = {
  root: 'kmsKeys',
  description: 'KMS keys, customer and AWS managed, per region in scope.',
  regional: true,
  needs: [listKeys, describeKey, getKeyRotationStatus, getKeyPolicy],
  fields: [
    'id', 'name', 'keyId', 'arn', 'managementType', 'keySpec', 'keyUsage', 'origin', 'keyState', 'enabled', 'scheduleForDeletion', 'deletionDate', 'description',
    'creationDate', 'multiRegion', 'rotationApplies', 'automaticRotationEnabled', 'rotationPeriodInDays', 'keyPolicy', 'policyDocument',
  ],
  rows: keyRows,
};
