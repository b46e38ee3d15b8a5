import { createHash } from 'node:crypto';
import type { CheckDefinition } from '../checks/definition.js';

/** A check definition's fingerprint: a worker whose check of the same id says anything else refuses the job. */
export function checkDigest(definition: CheckDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}
