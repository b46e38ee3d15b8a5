import { GraphQLError, GraphQLScalarType } from 'graphql';
import type { CheckCatalog } from '../../checks/catalog.js';
import type { CheckDefinition, CheckDefinitionInput, Severity } from '../../checks/definition.js';
import { CheckValidationError, formatProblem } from '../../checks/problems.js';
import type { CheckRunReport } from '../../checks/results.js';
import { OptionError, type Engine } from '../../engine/types.js';
import { storeCheck } from './store.js';

/** What the check API needs of the engine: the catalog, and the config for where checks are stored. */
export type CheckApiEngine = CheckCatalog & Pick<Engine, 'config'>;

export interface CheckApiOptions {
  /** Rewrites text that names files (run errors, exception sources) as clients may see it. */
  clientText: (text: string) => string;
}

interface ComplianceMapping {
  framework: string;
  controls: string[];
}

type CheckInput = Omit<CheckDefinitionInput, 'compliance'> & { compliance?: ComplianceMapping[] | null };

interface RunChecksArgs {
  checks?: string[] | null;
  severities?: Severity[] | null;
  connectors?: string[] | null;
  now?: string | null;
}

/** Resolvers for the check API: each delegates to the check runner's public functions. */
export function checkApiResolvers(engine: CheckApiEngine, options: CheckApiOptions) {
  return {
    JSON: new GraphQLScalarType({ name: 'JSON', serialize: (value) => value }),
    Query: {
      checks: () => engine.checks().map(toCheck),
      check: (_root: unknown, args: { id: string }) => {
        const found = engine.checks().find((check) => check.id === args.id);
        return found ? toCheck(found) : null;
      },
    },
    Mutation: {
      async registerCheck(_root: unknown, args: { input: CheckInput }) {
        const input = fromInput(args.input);
        const definition = userErrors(() => engine.registerCheck(input));
        try {
          await storeCheck(engine.config, input);
        } catch (error) {
          // Registered already (the registry has no removal): say plainly it will not outlive the process.
          throw new GraphQLError(`check "${definition.id}" is registered but could not be stored in the check folder: ${(error as NodeJS.ErrnoException).code ?? 'write failed'}`, {
            extensions: { code: 'CHECK_NOT_STORED' },
          });
        }
        return toCheck(definition);
      },
      async runChecks(_root: unknown, args: RunChecksArgs) {
        const report = await userErrorsAsync(() =>
          engine.runChecks({
            checks: args.checks ?? undefined,
            severities: args.severities ?? undefined,
            connectors: args.connectors ?? undefined,
            now: args.now ?? undefined,
          }),
        );
        return toCheckRun(report, options.clientText);
      },
    },
  };
}

/** GraphQL input → the definition shape the runner validates; nulls mean "left out". */
function fromInput(input: CheckInput): CheckDefinitionInput {
  const definition: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== null && value !== undefined) definition[key] = value;
  if (input.compliance) definition.compliance = Object.fromEntries(input.compliance.map((m) => [m.framework, m.controls]));
  return definition as CheckDefinitionInput;
}

function toCheck(definition: CheckDefinition) {
  return { ...definition, compliance: Object.entries(definition.compliance).map(([framework, controls]) => ({ framework, controls })) };
}

/** `checks` (the definitions, for SARIF) is not part of the result contract; errors and exception sources name files, so they are rewritten for clients. */
function toCheckRun(report: CheckRunReport, clientText: (text: string) => string) {
  const source = <T extends { source: string }>(item: T): T => ({ ...item, source: clientText(item.source) });
  return {
    results: report.results.map((result) => ({
      ...result,
      error: result.error === undefined ? undefined : clientText(result.error),
      findings: result.findings.map((finding) => (finding.exception ? { ...finding, exception: source(finding.exception) } : finding)),
    })),
    summary: { ...report.summary, staleExceptions: report.summary.staleExceptions.map(source) },
  };
}

function userErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asUserError(error);
  }
}

async function userErrorsAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asUserError(error);
  }
}

/** Problems with what the client sent become GraphQL errors that name them; anything else stays an internal error (masked). */
function asUserError(error: unknown): unknown {
  if (error instanceof CheckValidationError) {
    return new GraphQLError(error.problems.map(formatProblem).join('\n'), {
      extensions: { code: 'INVALID_CHECK', problems: error.problems.map((p) => ({ field: p.field ?? null, message: p.message, line: p.line ?? null, column: p.column ?? null })) },
    });
  }
  if (error instanceof OptionError) return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
  return error;
}
