import { isObjectType, isInterfaceType, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { z } from 'zod';
import { QueryError, type Engine, type PreparedDocument } from '../engine/types.js';
import { checkDefinitionSchema, type CheckDefinition } from './definition.js';
import { ExpectationError, parseExpectation, type Expectation } from './expectation.js';
import { formatFieldPath, type CheckProblem } from './problems.js';
import { queryShapeErrors } from './query-shape.js';
import { parseReturnPath, rootFieldsMissingPath } from './return-path.js';
import { positionInScalar, type FieldLocation, type Position } from '../yaml/locations.js';

/** A validated check, ready to run. */
export interface Check {
  readonly definition: CheckDefinition;
  readonly expectation: Expectation;
  /** `returnPath` split on dots; empty = the element itself. */
  readonly returnPath: readonly string[];
  /** The YAML file it came from; null for checks registered in code. */
  readonly file: string | null;
}

/** What validation needs from the engine: the schema and the document preparer. */
export type CheckValidator = Pick<Engine, 'prepare' | 'schema'>;

export interface CompileContext {
  /** The check's file (absolute); kept on the check. */
  file?: string;
  /** How problems name the file. @default file */
  label?: string;
  /** Finds a field's place in the source file, for located problems. */
  locate?: (path: readonly (string | number)[]) => FieldLocation | undefined;
}

/**
 * Validates everything up front: shape, query (parsed and validated against the
 * schema with the fragment library; one query operation, no variable without a
 * default), expectation, returnPath and subjects.
 * Returns every problem found, so one run of `check validate` lists them all.
 */
export function compileCheck(input: unknown, validator: CheckValidator, context: CompileContext = {}): { check?: Check; problems: CheckProblem[] } {
  const problems: CheckProblem[] = [];
  const report = (path: (string | number)[], message: string, at?: Position) => {
    const located = at ?? context.locate?.(path)?.key;
    problems.push({ file: context.label ?? context.file, line: located?.line, column: located?.column, field: formatFieldPath(path) || undefined, message });
  };

  const shape = checkDefinitionSchema.safeParse(input);
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (!shape.success) for (const issue of shape.error.issues) reportIssue(issue, raw, report);

  let prepared: PreparedDocument | undefined;
  if (typeof raw.query === 'string' && raw.query.trim() !== '') {
    // GraphQL locations are within the query text: point at the line of the file instead.
    const queryAt = context.locate?.(['query']);
    const reportQuery = (graphqlError: GraphQLError) => {
      const inner = graphqlError.locations?.[0];
      const at = inner && queryAt ? positionInScalar(queryAt, inner) : queryAt?.value;
      const innerText = inner && !queryAt ? ` (query ${inner.line}:${inner.column})` : '';
      report(['query'], `${graphqlError.message}${innerText}`, at);
    };
    try {
      prepared = validator.prepare(raw.query);
      queryShapeErrors(prepared.document).forEach(reportQuery);
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      error.errors.forEach(reportQuery);
    }
  }

  let expectation: Expectation | undefined;
  if (typeof raw.expect === 'string') {
    try {
      expectation = parseExpectation(raw.expect);
    } catch (error) {
      if (!(error instanceof ExpectationError)) throw error;
      const at = context.locate?.(['expect'])?.value;
      report(['expect'], error.message, at && { line: at.line, column: at.column + error.column - 1 });
    }
  }

  let returnPath: string[] = [];
  if (typeof raw.returnPath === 'string') {
    try {
      returnPath = parseReturnPath(raw.returnPath);
      const missing = prepared ? rootFieldsMissingPath(prepared.document, returnPath) : [];
      if (missing.length > 0) report(['returnPath'], `"${raw.returnPath}" is not selected by the query under ${missing.join(', ')}`);
    } catch (error) {
      report(['returnPath'], (error as Error).message);
    }
  }

  if (Array.isArray(raw.subjects)) {
    raw.subjects.forEach((subject, index) => {
      if (typeof subject === 'string' && !isAssetType(validator.schema, subject)) {
        report(['subjects', index], `"${subject}" is not an asset type of the schema (${assetTypeNames(validator.schema).join(', ')})`);
      }
    });
  }

  // In file order, so a long list reads top to bottom alongside the file.
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (problems.length > 0 || !shape.success || !expectation) return { problems };
  return { check: { definition: shape.data, expectation, returnPath, file: context.file ?? null }, problems };
}

function reportIssue(issue: z.core.$ZodIssue, raw: unknown, report: (path: (string | number)[], message: string) => void): void {
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) report([...path, key], 'unknown field');
    return;
  }
  // zod says "expected string, received undefined" for a missing field; say it plainly.
  const missing = issue.code === 'invalid_type' && valueAt(raw, path) === undefined;
  report(path, missing ? 'required' : issue.message);
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined), value);
}

function isAssetType(schema: GraphQLSchema, name: string): boolean {
  const type = schema.getType(name);
  return (isObjectType(type) || isInterfaceType(type)) && type.getInterfaces().some((i) => i.name === 'Asset');
}

function assetTypeNames(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Asset'))
    .map((type) => type.name)
    .sort();
}
