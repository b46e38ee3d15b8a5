import { describe } from '../../sources/shape.js';
import { PolicyDocumentError, isPlainObject, keyOf } from './document-error.js';

/** One test of a statement's `Condition`: `{ "StringEquals": { "aws:SourceAccount": ["111122223333"] } }` is one. */
export interface IAMPolicyCondition {
  /** The condition operator, as written (`StringEquals`, `ForAnyValue:StringLike`, `Bool`, `...IfExists`). */
  operator: string;
  /** The condition key (`aws:SourceAccount`, `sts:ExternalId`). */
  key: string;
  /** The values, as text (JSON booleans and numbers, which IAM accepts, as `true`, `42`). */
  values: string[];
}

/** `Condition`: an object of operators, each an object of keys, each a value or a list of values. */
export function readConditions(value: unknown, where: string): IAMPolicyCondition[] {
  if (value === undefined) return [];
  if (!isPlainObject(value)) throw new PolicyDocumentError(where, `expected an object of condition operators, found ${describe(value)}`);
  const conditions: IAMPolicyCondition[] = [];
  for (const [operator, keys] of Object.entries(value)) {
    if (!isPlainObject(keys)) throw new PolicyDocumentError(`${where}.${keyOf(operator)}`, `expected an object of condition keys, found ${describe(keys)}`);
    for (const [key, values] of Object.entries(keys)) {
      conditions.push({ operator, key, values: conditionValues(values, `${where}.${keyOf(operator)}.${keyOf(key)}`) });
    }
  }
  return conditions;
}

function conditionValues(value: unknown, where: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) return String(item);
    throw new PolicyDocumentError(Array.isArray(value) ? `${where}[${i}]` : where, `expected a string, boolean or number, found ${describe(item)}`);
  });
}
