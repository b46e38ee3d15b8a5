import {
  Kind,
  getNamedType,
  parseType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type DefinitionNode,
  type DocumentNode,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql';
import { OPERATORS, type Operator, type Reader } from './operators.js';
import { FILTERABLE_SCALARS, equalityScalarName } from './scalars.js';

/** What one key of a `<Type>Where` input does. */
export type FilterOperation =
  | { kind: 'scalar'; field: string; operator: Operator; scalar: string; read: Reader }
  | { kind: 'relation'; field: string; quantifier: Quantifier; target: string; read: Reader }
  | { kind: 'logic'; op: 'AND' | 'OR' | 'NOT' };

export type Quantifier = 'one' | 'some' | 'none' | 'all' | 'single';

/** Where input type name → input key → operation. */
export type FilterPlan = Map<string, Map<string, FilterOperation>>;

export interface GeneratedFilters {
  /** SDL of the `<Type>Where` inputs and the scalars they use. */
  sdl: string;
  /** The same definitions as a document, built directly: parsing the SDL (200 kB) was a fifth of start-up. */
  document: DocumentNode;
  plan: FilterPlan;
}

export interface GenerateOptions {
  /** The interface every asset type implements. @default 'Asset' */
  rootInterface?: string;
  /** How a field is read when it is not a plain property (relations and added fields resolve through the account's graph). */
  fieldReader?: (type: string, field: string) => Reader | undefined;
}

export const whereTypeName = (type: string) => `${type}Where`;

const RELATION_FORMS: [suffix: string, quantifier: Quantifier, doc: string][] = [
  ['_SOME', 'some', 'at least one matches (`{}`: at least one exists; null: none exists)'],
  ['_NONE', 'none', 'none matches'],
  ['_ALL', 'all', 'every one matches'],
  ['_SINGLE', 'single', 'exactly one matches'],
];

type Composite = GraphQLObjectType | GraphQLInterfaceType;

/**
 * Derives a `<Type>Where` input for every asset type (types implementing
 * `rootInterface`) and every type they reach, from the built schema, so a
 * field added by `extend type` in any module gets its filters with no other
 * edit. Operators come from the one table in operators.ts.
 */
export function generateFilters(schema: GraphQLSchema, options: GenerateOptions = {}): GeneratedFilters {
  const rootInterface = options.rootInterface ?? 'Asset';
  const filterable = reachableTypes(schema, rootInterface);
  const plan: FilterPlan = new Map();
  const usedScalars = new Set<string>();
  const inputs: string[] = [];
  const definitions: DefinitionNode[] = [];
  const typeNodes = new Map<string, TypeNode>();
  const typeNode = (text: string) => {
    let node = typeNodes.get(text);
    if (!node) typeNodes.set(text, (node = parseType(text, { noLocation: true })));
    return node;
  };

  for (const type of filterable) {
    const where = whereTypeName(type.name);
    const operations = new Map<string, FilterOperation>();
    const lines: string[] = [];
    const fields: InputValueDefinitionNode[] = [];
    const add = (key: string, inputType: string, doc: string, operation: FilterOperation) => {
      operations.set(key, operation);
      lines.push(`  ${JSON.stringify(doc)}\n  ${key}: ${inputType}`);
      fields.push({ kind: Kind.INPUT_VALUE_DEFINITION, description: stringNode(doc), name: nameNode(key), type: typeNode(inputType) });
    };
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (field.args.length > 0) continue;
      const { named, list } = unwrap(field.type);
      const name = field.name;
      const read = options.fieldReader?.(type.name, name) ?? ((node: Record<string, unknown>) => node[name]);
      if (named in FILTERABLE_SCALARS) {
        usedScalars.add(named);
        for (const operator of OPERATORS) {
          if (operator.on !== (list ? 'list' : 'scalar') || !operator.applies(named)) continue;
          add(name + operator.suffix, operator.input(named), `${name}: ${operator.description}`, { kind: 'scalar', field: name, operator, scalar: named, read });
        }
      } else if (filterable.has(schema.getType(named) as Composite)) {
        const target = whereTypeName(named);
        if (list) {
          for (const [suffix, quantifier, doc] of RELATION_FORMS) add(name + suffix, target, `${name}: ${doc}`, { kind: 'relation', field: name, quantifier, target, read });
        } else {
          add(name, target, `${name}: the related ${named} matches (null: there is none)`, { kind: 'relation', field: name, quantifier: 'one', target, read });
        }
      }
      // Other types (enums, unknown scalars) get no filter rather than a wrong one.
    }
    add('AND', `[${where}!]`, 'every condition holds (empty: true)', { kind: 'logic', op: 'AND' });
    add('OR', `[${where}!]`, 'at least one condition holds (empty: false)', { kind: 'logic', op: 'OR' });
    add('NOT', where, 'the condition does not hold', { kind: 'logic', op: 'NOT' });
    plan.set(where, operations);
    const description = `Filter for ${type.name}. Sibling keys are AND-ed.`;
    inputs.push(`${JSON.stringify(description)}\ninput ${where} {\n${lines.join('\n')}\n}`);
    definitions.push({ kind: Kind.INPUT_OBJECT_TYPE_DEFINITION, description: stringNode(description), name: nameNode(where), fields });
  }

  const scalarNames = [...[...usedScalars].map(equalityScalarName), 'Regex'];
  const scalars = scalarNames.map((name) => `scalar ${name}`);
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [...scalarNames.map((name) => ({ kind: Kind.SCALAR_TYPE_DEFINITION, name: nameNode(name) }) as const), ...definitions] };
  return { sdl: `# Generated from the asset types by src/filters/generate.ts. Do not edit.\n\n${[...scalars, ...inputs].join('\n\n')}\n`, document, plan };
}

const nameNode = (value: string) => ({ kind: Kind.NAME, value }) as const;
const stringNode = (value: string) => ({ kind: Kind.STRING, value }) as const;

/** Every object or interface type an asset type reaches through its fields, the asset types included. */
function reachableTypes(schema: GraphQLSchema, rootInterface: string): Set<Composite> {
  const found = new Set<Composite>();
  const visit = (type: unknown) => {
    if (!(isObjectType(type) || isInterfaceType(type)) || found.has(type)) return;
    if (type === schema.getQueryType() || type === schema.getMutationType()) return;
    found.add(type);
    for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && type.getInterfaces().some((i) => i.name === rootInterface)) visit(type);
  }
  return found;
}

function unwrap(type: GraphQLOutputType): { named: string; list: boolean } {
  let list = false;
  let current = type;
  while (isNonNullType(current) || isListType(current)) {
    if (isListType(current)) list = true;
    current = current.ofType;
  }
  return { named: current.name, list };
}
