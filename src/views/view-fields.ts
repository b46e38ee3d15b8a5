import {
  GraphQLBoolean,
  GraphQLError,
  GraphQLFloat,
  GraphQLInt,
  GraphQLString,
  astFromValue,
  Kind,
  getArgumentValues,
  getNamedType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  validate,
  visit,
  FieldsOnCorrectTypeRule,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  NoUndefinedVariablesRule,
  ProvidedRequiredArgumentsRule,
  UniqueArgumentNamesRule,
  UniqueDirectivesPerLocationRule,
  UniqueInputFieldNamesRule,
  ValuesOfCorrectTypeRule,
  VariablesInAllowedPositionRule,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileWhere } from '../filters/compile.js';
import type { FilterPlan } from '../filters/generate.js';
import { formatProblem, type FileProblem } from '../yaml/file-problem.js';
import type { ArgumentType, ViewDefinition } from './view-file.js';

/** `${days}` inside a string of a view's query: the argument's value, written into the string. */
const TEMPLATE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** What a view needs of the engine: the rows of a type that match a filter, as a root field answers them. */
export type AssetsWhere<Context> = (typeName: string, where: Record<string, unknown> | null | undefined, context: Context, info: GraphQLResolveInfo) => Promise<Record<string, unknown>[]>;

/**
 * The validation rules a view's query can break. It is one root field with
 * arguments and no selection (checked before), validated as
 * `query($arguments) { field(...) { __typename } }`: rules about operations,
 * fragments, selections and subscriptions cannot fire, and running all of
 * graphql-js's rules over each view was most of the views' start-up cost.
 * Unused variables are no problem: a view need not use every argument.
 */
const VIEW_QUERY_RULES = [
  FieldsOnCorrectTypeRule,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  UniqueDirectivesPerLocationRule,
  UniqueArgumentNamesRule,
  UniqueInputFieldNamesRule,
  ProvidedRequiredArgumentsRule,
  ValuesOfCorrectTypeRule,
  NoUndefinedVariablesRule,
  VariablesInAllowedPositionRule,
];

/** Thrown at start-up: views that cannot be served, every problem named by file and line. */
export class ViewError extends Error {
  override readonly name = 'ViewError';
  constructor(readonly problems: readonly FileProblem[]) {
    super(`views that cannot be served:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`);
  }
}

interface BoundView {
  definition: ViewDefinition;
  /** The root field the view narrows, as written (arguments with `$argument` variables and `${argument}` templates). */
  node: FieldNode;
  base: GraphQLField<unknown, unknown>;
}

/**
 * Views as root fields: each narrows another root field (an asset type's or
 * another view's) with its own arguments, and takes a `where` of its type
 * for the caller's own narrowing. Build the SDL and resolvers before the
 * schema exists, then `bind` them to the built schema, which checks every
 * view (its field, arguments, filter, cycles) and reports all problems.
 */
export class ViewFields<Context extends { nowMs: number }> {
  private readonly bound = new Map<string, BoundView>();
  /** The views the schema gets a field for: a known type, a name not taken. */
  private readonly views: ViewDefinition[] = [];
  private readonly early: FileProblem[];

  constructor(
    views: readonly ViewDefinition[],
    /** The asset types and their root fields, which a view may return and must not be named like. */
    schemaAssets: { readonly types: ReadonlySet<string>; readonly roots: ReadonlySet<string> },
    private readonly assets: AssetsWhere<Context>,
    /** Problems found before the schema (files that could not be read), reported with the rest. */
    loadProblems: readonly FileProblem[] = [],
    /**
     * The schema is assetql's own, which the bundled views are tested against
     * (test/views/bundled-views.test.ts): their queries are not validated again.
     * Validating them was a fifth of `assetql query`'s start-up (BENCHMARKS.md, part 10).
     */
    private readonly options: { trustBundled?: boolean } = {},
  ) {
    this.early = [...loadProblems];
    const seen = new Map<string, ViewDefinition>();
    for (const view of views) {
      const problem = (message: string, field: 'name' | 'returns') => {
        const at = view.locateField(field);
        this.early.push({ file: view.file, line: at?.line, column: at?.column, message: `view ${view.name}: ${message}` });
      };
      const first = seen.get(view.name);
      if (first) problem(`the name is also a view in ${first.file}`, 'name');
      else if (schemaAssets.roots.has(view.name)) problem('the name is a root field of an asset type', 'name');
      else if (view.arguments.some((arg) => arg.name === 'where')) problem('an argument is named where, the name of the caller\'s own filter (choose another)', 'name');
      else if (!schemaAssets.types.has(view.returns)) problem(`returns ${view.returns}, which is not an asset type`, 'returns');
      else {
        seen.set(view.name, view);
        this.views.push(view);
      }
    }
  }

  /** `extend type Query { ... }` with one field per view; empty when there are none. */
  sdl(): string {
    if (this.views.length === 0) return '';
    const fields = this.views.map((view) => {
      const args = view.arguments.map((arg) => `${describe(arg.description)}${arg.name}: ${arg.type}${arg.default === undefined ? '' : ` = ${JSON.stringify(arg.default)}`}`);
      return `  ${describe(view.description)}${view.name}(${[...args, `where: ${view.returns}Where`].join(', ')}): [${view.returns}!]!`;
    });
    return `extend type Query {\n${fields.join('\n')}\n}\n`;
  }

  resolvers(): Record<string, unknown> {
    if (this.views.length === 0) return {};
    const Query: Record<string, unknown> = {};
    for (const view of this.views) Query[view.name] = (_root: unknown, args: Record<string, unknown>, context: Context, info: GraphQLResolveInfo) => this.resolve(view.name, args, context, info);
    return { Query };
  }

  /** Checks every view against the built schema; throws a ViewError naming each problem. */
  bind(schema: GraphQLSchema, plan: FilterPlan): void {
    const problems: FileProblem[] = [...this.early];
    const fields = schema.getQueryType()!.getFields();
    for (const view of this.views) {
      const found = this.check(view, schema, plan, fields);
      if ('problems' in found) problems.push(...found.problems);
      else this.bound.set(view.name, found);
    }
    problems.push(...this.cycles());
    if (problems.length > 0) throw new ViewError(problems);
  }

  private async resolve(name: string, args: Record<string, unknown>, context: Context, info: GraphQLResolveInfo): Promise<Record<string, unknown>[]> {
    const view = this.bound.get(name)!;
    const base = baseArguments(view, args);
    const where = both(base.where as Record<string, unknown> | null | undefined, args.where as Record<string, unknown> | null | undefined);
    if (this.bound.has(view.base.name)) return this.resolve(view.base.name, { ...base, where }, context, info);
    return this.assets(view.definition.returns, where, context, info);
  }

  private check(view: ViewDefinition, schema: GraphQLSchema, plan: FilterPlan, fields: Record<string, GraphQLField<unknown, unknown>>): BoundView | { problems: FileProblem[] } {
    const at = (inner?: { line: number; column: number }, field: 'name' | 'returns' | 'query' = 'query') => {
      const position = inner ? view.locateInQuery(inner) : view.locateField(field);
      return { file: view.file, line: position?.line, column: position?.column };
    };
    const problem = (message: string, inner?: { line: number; column: number }, field?: 'name' | 'returns' | 'query') => ({ problems: [{ ...at(inner, field), message: `view ${view.name}: ${message}` }] });
    let document: DocumentNode;
    try {
      document = parse(`{\n${view.query}\n}`);
    } catch (error) {
      const location = (error as GraphQLError).locations?.[0];
      return problem(`query: ${(error as GraphQLError).message}`, location ? { line: location.line - 1, column: location.column } : undefined);
    }
    const operation = document.definitions[0] as OperationDefinitionNode;
    const selections = operation.selectionSet.selections;
    if (document.definitions.length !== 1 || selections.length !== 1 || selections[0].kind !== Kind.FIELD) return problem('query must be one root field with its arguments, e.g. iamUsers(where: { ... })');
    const node = selections[0];
    if (node.selectionSet) return problem('query names the root field and its arguments only: what is selected is the caller\'s', inner(node.selectionSet.loc));
    const base = fields[node.name.value];
    if (!base) return problem(`query: ${node.name.value} is not a root field`, inner(node.loc));
    if (node.name.value === view.name) return problem('query narrows the view itself', inner(node.loc));
    if (!isNonNullType(base.type) || !isListType(base.type.ofType) || getNamedType(base.type).name !== view.returns) return problem(`query: ${base.name} lists ${String(getNamedType(base.type))}, not ${view.returns} (the view's returns)`, inner(node.loc));

    const bound: BoundView = { definition: view, node, base };
    if (view.bundled && this.options.trustBundled) return bound;

    const templateProblems = this.templateProblems(view, node);
    if (templateProblems.length > 0) return { problems: templateProblems.map((message) => ({ ...at(undefined, 'query'), message: `view ${view.name}: ${message}` })) };
    // Validated as it runs: each `${argument}` written with its default (or a sample value).
    const errors = validate(schema, validationDocument(view, interpolated(view.name, node, sampleArguments(view, schema))), VIEW_QUERY_RULES);
    if (errors.length > 0) return { problems: errors.map((error) => ({ ...at(error.locations?.[0] ? { line: error.locations[0].line - 1, column: error.locations[0].column } : undefined), message: `view ${view.name}: query: ${error.message}` })) };

    // The filter, with each argument at its default (or a sample value), compiles: time expressions and patterns are readable.
    try {
      const where = both(baseArguments(bound, sampleArguments(view, schema)).where as Record<string, unknown> | undefined, undefined);
      compileWhere(plan, `${view.returns}Where`, where, Date.now());
    } catch (error) {
      return problem(`query: ${error instanceof Error ? error.message : String(error)}`);
    }
    return bound;
  }

  private templateProblems(view: ViewDefinition, node: FieldNode): string[] {
    const problems: string[] = [];
    visit(node, {
      StringValue: (string) => {
        for (const [, name] of string.value.matchAll(TEMPLATE)) {
          const arg = view.arguments.find((candidate) => candidate.name === name);
          if (!arg) problems.push(`query: \${${name}} names no argument of the view`);
          // Only numbers are written into strings: a string argument could change what the filter text means.
          else if (!/^(Int|Float)!?$/.test(arg.type)) problems.push(`query: \${${name}} is a ${arg.type}; only Int and Float arguments are written into strings (pass a String argument as $${name})`);
        }
      },
    });
    return problems;
  }

  private cycles(): FileProblem[] {
    const problems: FileProblem[] = [];
    for (const start of this.bound.values()) {
      const seen: string[] = [start.definition.name];
      for (let next = this.bound.get(start.base.name); next; next = this.bound.get(next.base.name)) {
        if (next.definition.name === start.definition.name) {
          const position = start.definition.locateField('query');
          problems.push({ file: start.definition.file, line: position?.line, column: position?.column, message: `view ${start.definition.name}: views narrow each other in a cycle: ${[...seen, start.definition.name].join(' -> ')}` });
          break;
        }
        if (seen.includes(next.definition.name)) break;
        seen.push(next.definition.name);
      }
    }
    return problems;
  }
}

/** The base field's arguments for one call of the view: templates written, `$argument` variables read, defaults applied. */
function baseArguments(view: BoundView, args: Record<string, unknown>): Record<string, unknown> {
  return getArgumentValues(view.base, interpolated(view.definition.name, view.node, args), args);
}

/** The field with each `${argument}` in its strings replaced by the argument's value. */
function interpolated(viewName: string, node: FieldNode, args: Record<string, unknown>): FieldNode {
  return visit(node, {
    StringValue: (string) => {
      if (!string.value.includes('${')) return undefined;
      return {
        ...string,
        value: string.value.replace(TEMPLATE, (_match, name: string) => {
          const value = args[name];
          if (typeof value !== 'number') throw new GraphQLError(`${viewName}: argument ${name} needs a value`, { extensions: { code: 'BAD_USER_INPUT' } });
          return String(value);
        }),
      };
    },
  });
}

/** Each argument's default, or a value of its type, as a resolver receives it (coerced), for checking the filter compiles. */
function sampleArguments(view: ViewDefinition, schema: GraphQLSchema): Record<string, unknown> {
  const samples: Record<string, unknown> = { Int: 1, Float: 1, String: 'x', Boolean: true, Regex: 'x', DateTime: 'now' };
  return Object.fromEntries(
    view.arguments.map((arg) => {
      const typeName = arg.type.replace(/!$/, '');
      const raw = arg.default ?? samples[typeName];
      const scalar = schema.getType(typeName);
      return [arg.name, isScalarType(scalar) ? scalar.parseValue(raw) : raw];
    }),
  );
}

/** `query Check($days: Int = 45) { <the field> { __typename } }`: the view's field as an operation graphql-js can validate. */
function validationDocument(view: ViewDefinition, node: FieldNode): DocumentNode {
  const variableDefinitions = view.arguments.map((arg) => {
    const required = arg.type.endsWith('!');
    const named = { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: arg.type.replace(/!$/, '') } } as const;
    const typeName = arg.type.replace(/!$/, '') as ArgumentType;
    // Regex and DateTime defaults are written as strings, as their literals are.
    const scalar = { Int: GraphQLInt, Float: GraphQLFloat, String: GraphQLString, Boolean: GraphQLBoolean, Regex: GraphQLString, DateTime: GraphQLString }[typeName];
    return {
      kind: Kind.VARIABLE_DEFINITION,
      variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: arg.name } },
      type: required ? { kind: Kind.NON_NULL_TYPE, type: named } : named,
      defaultValue: arg.default === undefined ? undefined : astFromValue(arg.default, scalar),
    } as const;
  });
  const field = { ...node, selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] } } as const;
  return {
    kind: Kind.DOCUMENT,
    definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: 'query' as never, variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections: [field] } }],
  } as unknown as DocumentNode;
}

function both(a: Record<string, unknown> | null | undefined, b: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined {
  if (a && b) return { AND: [a, b] };
  return a ?? b ?? undefined;
}

function describe(text: string | undefined): string {
  return text ? `${JSON.stringify(text)} ` : '';
}

function inner(loc: { startToken: { line: number; column: number } } | undefined): { line: number; column: number } | undefined {
  return loc ? { line: loc.startToken.line - 1, column: loc.startToken.column } : undefined;
}
