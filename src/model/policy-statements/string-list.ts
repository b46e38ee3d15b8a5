import { describe } from '../../sources/shape.js';
import { PolicyDocumentError } from './document-error.js';

/**
 * A policy element that IAM takes as one string or a list of strings
 * (`Action`, `Resource`, a principal's accounts, a condition's values), as a
 * list. Absent is empty; anything else is not a policy.
 */
export function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) throw new PolicyDocumentError(where, `expected a string or a list of strings, found ${describe(value)}`);
  return value.map((item, i) => {
    if (typeof item !== 'string') throw new PolicyDocumentError(`${where}[${i}]`, `expected a string, found ${describe(item)}`);
    return item;
  });
}
