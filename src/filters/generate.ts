import {
  Kind,
  type DocumentNode,
  type InterfaceTypeDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import { FILTERABLE_SCALARS, equalityScalarName } from './scalars.js';

/** What one key of a `<Type>Where` input does. */
export type FilterOperation =
  | { kind: 'scalar'; field: string; op: ScalarOp; scalar: string; list: boolean }
  | { kind: 'relation'; field: string; quantifier: Quantifier; target: string }
  | { kind: 'logic'; op: 'AND' | 'OR' | 'NOT' };

export type ScalarOp =
  | 'eq' | 'not' | 'in' | 'notIn' | 'lt' | 'lte' | 'gt' | 'gte'
  | 'contains' | 'notContains' | 'startsWith' | 'notStartsWith' | 'endsWith' | 'notEndsWith'
  | 'matches' | 'includes' | 'notIncludes';

export type Quantifier = 'one' | 'some' | 'none' | 'all' | 'single';

/** Where input type name → input key → operation. */
export type FilterPlan = Map<string, Map<string, FilterOperation>>;

export interface GeneratedFilters {
  /** SDL of the `<Type>Where` inputs and the scalars they use. */
  sdl: string;
  plan: FilterPlan;
}

export const whereTypeName = (type: string) => `${type}Where`;

const ORDERED = new Set(['Int', 'Float', 'DateTime', 'String', 'ID']);
const TEXT = new Set(['String', 'ID']);

// Suffix, operation, input type, description; `T` is the field's scalar.
const SCALAR_FORMS: [suffix: string, op: ScalarOp, type: (t: string) => string, doc: string, applies: (t: string) => boolean][] = [
  ['', 'eq', equalityScalarName, 'equal to (also `{ eq: v }`; null matches null or missing)', () => true],
  ['_NOT', 'not', (t) => t, 'not equal to', () => true],
  ['_IN', 'in', (t) => `[${t}]`, 'one of', () => true],
  ['_NOT_IN', 'notIn', (t) => `[${t}]`, 'none of', () => true],
  ['_LT', 'lt', (t) => t, 'less than (null never matches)', (t) => ORDERED.has(t)],
  ['_LTE', 'lte', (t) => t, 'less than or equal to', (t) => ORDERED.has(t)],
  ['_GT', 'gt', (t) => t, 'greater than', (t) => ORDERED.has(t)],
  ['_GTE', 'gte', (t) => t, 'greater than or equal to', (t) => ORDERED.has(t)],
  ['_CONTAINS', 'contains', (t) => t, 'contains', (t) => TEXT.has(t)],
  ['_NOT_CONTAINS', 'notContains', (t) => t, 'does not contain', (t) => TEXT.has(t)],
  ['_STARTS_WITH', 'startsWith', (t) => t, 'starts with', (t) => TEXT.has(t)],
  ['_NOT_STARTS_WITH', 'notStartsWith', (t) => t, 'does not start with', (t) => TEXT.has(t)],
  ['_ENDS_WITH', 'endsWith', (t) => t, 'ends with', (t) => TEXT.has(t)],
  ['_NOT_ENDS_WITH', 'notEndsWith', (t) => t, 'does not end with', (t) => TEXT.has(t)],
  ['_MATCHES', 'matches', () => 'Regex', 'matches the whole string (RE2; `(?i)` prefix = case-insensitive)', (t) => TEXT.has(t)],
];

const LIST_FORMS: [suffix: string, op: ScalarOp, type: (t: string) => string, doc: string][] = [
  ['', 'eq', (t) => `[${t}]`, 'equal to (same items, same order)'],
  ['_NOT', 'not', (t) => `[${t}]`, 'not equal to'],
  ['_INCLUDES', 'includes', (t) => t, 'has this item'],
  ['_NOT_INCLUDES', 'notIncludes', (t) => t, 'does not have this item'],
];

const RELATION_FORMS: [suffix: string, quantifier: Quantifier, doc: string][] = [
  ['_SOME', 'some', 'at least one matches (`{}`: at least one exists; null: none exists)'],
  ['_NONE', 'none', 'none matches'],
  ['_ALL', 'all', 'every one matches'],
  ['_SINGLE', 'single', 'exactly one matches'],
];

type Composite = ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode;

/**
 * Derives a `<Type>Where` input for every asset type (types implementing
 * `rootInterface`) and every type they reach, from the SDL alone: a field
 * added to the SDL gets its filters with no other edit.
 */
export function generateFilters(document: DocumentNode, rootInterface = 'Asset'): GeneratedFilters {
  const composites = new Map<string, Composite>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      composites.set(definition.name.value, definition);
    }
  }
  const filterable = reachableTypes(composites, rootInterface);
  const plan: FilterPlan = new Map();
  const usedScalars = new Set<string>();
  const inputs: string[] = [];

  for (const typeName of filterable) {
    const where = whereTypeName(typeName);
    const operations = new Map<string, FilterOperation>();
    const lines: string[] = [];
    const add = (key: string, type: string, doc: string, operation: FilterOperation) => {
      operations.set(key, operation);
      lines.push(`  "${doc}"\n  ${key}: ${type}`);
    };
    for (const field of composites.get(typeName)!.fields ?? []) {
      if (field.arguments?.length) continue;
      const { named, list } = unwrap(field.type);
      const name = field.name.value;
      if (named in FILTERABLE_SCALARS) {
        usedScalars.add(named);
        if (list) {
          for (const [suffix, op, type, doc] of LIST_FORMS) add(name + suffix, type(named), `${name}: ${doc}`, { kind: 'scalar', field: name, op, scalar: named, list });
        } else {
          for (const [suffix, op, type, doc, applies] of SCALAR_FORMS) {
            if (applies(named)) add(name + suffix, type(named), `${name}: ${doc}`, { kind: 'scalar', field: name, op, scalar: named, list });
          }
        }
      } else if (filterable.has(named)) {
        if (list) {
          for (const [suffix, quantifier, doc] of RELATION_FORMS) add(name + suffix, whereTypeName(named), `${name}: ${doc}`, { kind: 'relation', field: name, quantifier, target: whereTypeName(named) });
        } else {
          add(name, whereTypeName(named), `${name}: the related ${named} matches (null: there is none)`, { kind: 'relation', field: name, quantifier: 'one', target: whereTypeName(named) });
        }
      }
      // Other types (enums, unknown scalars) get no filter rather than a wrong one.
    }
    add('AND', `[${where}!]`, 'every condition holds (empty: true)', { kind: 'logic', op: 'AND' });
    add('OR', `[${where}!]`, 'at least one condition holds (empty: false)', { kind: 'logic', op: 'OR' });
    add('NOT', where, 'the condition does not hold', { kind: 'logic', op: 'NOT' });
    plan.set(where, operations);
    inputs.push(`"Filter for ${typeName}. Sibling keys are AND-ed."\ninput ${where} {\n${lines.join('\n')}\n}`);
  }

  const scalars = [...usedScalars].map((scalar) => `scalar ${equalityScalarName(scalar)}`);
  scalars.push('scalar Regex');
  return { sdl: `# Generated from the asset SDL by src/filters/generate.ts. Do not edit.\n\n${[...scalars, ...inputs].join('\n\n')}\n`, plan };
}

function reachableTypes(composites: Map<string, Composite>, rootInterface: string): Set<string> {
  const found = new Set<string>();
  const visit = (name: string) => {
    const type = composites.get(name);
    if (!type || found.has(name) || name === 'Query' || name === 'Mutation') return;
    found.add(name);
    for (const field of type.fields ?? []) visit(unwrap(field.type).named);
  };
  for (const [name, type] of composites) {
    if (type.kind === Kind.OBJECT_TYPE_DEFINITION && type.interfaces?.some((i) => i.name.value === rootInterface)) visit(name);
  }
  return found;
}

function unwrap(type: TypeNode): { named: string; list: boolean } {
  let list = false;
  let current = type;
  while (current.kind !== Kind.NAMED_TYPE) {
    if (current.kind === Kind.LIST_TYPE) list = true;
    current = current.type;
  }
  return { named: current.name.value, list };
}
