import { z } from 'zod';
import { formatFieldPath, parseYaml, type FileProblem } from '../yaml/file-problem.js';
import { YamlLocations, positionInScalar, type Position } from '../yaml/locations.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const name = (what: string) => z.string().regex(NAME, `${what} must be a GraphQL name (letters, digits, _; not starting with a digit)`);

/** Argument types a view may take: the scalars a filter value is written in (`Regex` for `_MATCHES`, `DateTime` for times). */
export const ARGUMENT_TYPES = ['Int', 'Float', 'String', 'Boolean', 'Regex', 'DateTime'] as const;
export type ArgumentType = (typeof ARGUMENT_TYPES)[number];

const argument = z
  .strictObject({
    type: z.string().regex(new RegExp(`^(${ARGUMENT_TYPES.join('|')})!?$`), `type must be one of ${ARGUMENT_TYPES.join(', ')}, with ! when it is required`),
    default: z.union([z.number(), z.string(), z.boolean()]).optional(),
    description: z.string().optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.default === undefined) return;
    const type = spec.type.replace(/!$/, '') as ArgumentType;
    const fits = type === 'Int' ? Number.isSafeInteger(spec.default) : type === 'Float' ? typeof spec.default === 'number' && Number.isFinite(spec.default) : typeof spec.default === (type === 'Boolean' ? 'boolean' : 'string');
    if (!fits) ctx.addIssue({ code: 'custom', path: ['default'], message: `${JSON.stringify(spec.default)} is not a value of type ${type}` });
  });

const viewFile = z.strictObject({
  name: name('name'),
  description: z.string().trim().min(1, 'say what the view answers'),
  /** The asset type the view lists. */
  returns: name('returns'),
  arguments: z.record(name('an argument name'), argument).optional(),
  /** The root field it narrows (an asset type's, or another view's) and that field's arguments: `iamUsers(where: {...})`. */
  query: z.string().refine((text) => text.trim() !== '', 'name the root field the view narrows, e.g. iamUsers(where: { ... })'),
});

export interface ViewArgument {
  readonly name: string;
  /** `Int`, `String!`, ... */
  readonly type: string;
  readonly default?: number | string | boolean;
  readonly description?: string;
}

/** A view as its file defines it, with what error messages need to point into the file. */
export interface ViewDefinition {
  readonly name: string;
  readonly description: string;
  readonly returns: string;
  readonly arguments: readonly ViewArgument[];
  readonly query: string;
  /** The file, as messages name it. */
  readonly file: string;
  /**
   * Shipped with assetql (views/): checked in full against assetql's own
   * schema by test/views/bundled-views.test.ts, so start-up need not
   * validate it again when it serves that schema.
   */
  readonly bundled: boolean;
  /** A file position for a position inside `query`, and for a field of the file. */
  readonly locateInQuery: (inner: Position) => Position;
  readonly locateField: (field: 'name' | 'returns' | 'query') => Position | undefined;
}

/** Reads one view file's text; problems name the file, line and field. */
export function parseViewText(text: string, file: string, options: { bundled?: boolean } = {}): { view?: ViewDefinition; problems: FileProblem[] } {
  const parsed = parseYaml(text, file);
  if ('problem' in parsed) return { problems: [parsed.problem] };
  // Indexed only when a message needs a position: most views never have a problem to place.
  let indexed: YamlLocations | undefined;
  const locations = () => (indexed ??= new YamlLocations(text));
  const result = viewFile.safeParse(parsed.value);
  if (!result.success) {
    return {
      problems: result.error.issues.map((issue) => {
        const at = locations().find(issue.path as (string | number)[]);
        return { file, line: at?.key.line, column: at?.key.column, field: issue.path.length > 0 ? formatFieldPath(issue.path) : undefined, message: issue.message };
      }),
    };
  }
  const value = result.data;
  return {
    problems: [],
    view: {
      name: value.name,
      description: value.description,
      returns: value.returns,
      arguments: Object.entries(value.arguments ?? {}).map(([argName, spec]) => ({ name: argName, ...spec })),
      query: value.query,
      file,
      bundled: options.bundled ?? false,
      locateInQuery: (inner) => {
        const queryAt = locations().find(['query']);
        return queryAt ? positionInScalar(queryAt, inner) : inner;
      },
      locateField: (field) => locations().find([field])?.value,
    },
  };
}
