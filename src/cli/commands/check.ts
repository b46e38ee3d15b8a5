import { existsSync } from 'node:fs';
import path from 'node:path';
import { createCheckCatalog, configuredExceptions, loadStoredChecks, type StoredChecks } from '../../checks/catalog.js';
import { SEVERITIES, type Severity } from '../../checks/definition.js';
import { describeUnknownIds, unknownExceptions, type CheckException } from '../../checks/exceptions.js';
import { fsReason } from '../../checks/fs-reason.js';
import { loadCheckFile, type LoadedCheckFile } from '../../checks/load-file.js';
import { CheckValidationError, formatProblem, type CheckProblem } from '../../checks/problems.js';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../checks/report/index.js';
import { printable } from '../../checks/report/printable.js';
import { EXIT } from '../../checks/results.js';
import { FileExistsError, writeFileAtomic } from '../../checks/store.js';
import { DEFAULT_CONFIG_FILE } from '../../config/config.js';
import { createQueryEngine } from '../../engine/engine.js';
import type { Engine, EngineOptions } from '../../engine/types.js';
import { parseNowOption } from '../clock-option.js';
import { configPath } from '../config-file.js';
import { UsageError, type CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import { openTarget, scanTarget } from '../scan-target.js';

type CheckIO = Pick<CliIO, 'stdout' | 'stderr' | 'isTTY'> & Partial<Pick<CliIO, 'env'>>;

export interface CheckRunArgs {
  config?: string;
  /** Without a config: the AWS profile. */
  profile?: string;
  /** Without a config: every account of the Organization. */
  organization?: boolean;
  check?: string[];
  severity?: string[];
  connector?: string[];
  now?: string;
  /** @default table */
  format?: string;
  output?: string;
  concurrency?: string;
}

/** `assetql check run`: every stored check on every account (or the narrowed set); exit 0 pass, 1 fail, 2 error. */
export async function checkRunCommand(args: CheckRunArgs, io: CheckIO): Promise<number> {
  const format = parseFormat(args.format);
  const severities = (args.severity ?? []).map(parseSeverity);
  const concurrency = args.concurrency === undefined ? undefined : parsePositiveInt(args.concurrency, '--concurrency');
  const now = parseNowOption(args.now);
  const progress = createProgress(io.stderr, { enabled: io.isTTY });
  const engine = await openTarget(scanTarget(args), (source) => createQueryEngine({ ...source, now, onLoad: (event) => progress.onLoad(event) }), process.cwd());
  try {
    const stored = await loadStoredChecks(engine);
    const catalog = createCheckCatalog(engine, stored);
    const exceptions = await configuredExceptions(engine);
    const report = await catalog.runChecks({ checks: args.check, severities, connectors: args.connector, concurrency, exceptions });
    progress.stop();

    const color = format === 'table' && !args.output && isTerminal(io.stdout) && !io.env?.NO_COLOR;
    const text = renderReport(report, format, { color });
    const s = report.summary;
    const tally = `${s.pass} passed, ${s.fail} failed, ${s.error} errors, ${s.waived} waived`;
    if (args.output) {
      await writeFileAtomic(path.resolve(args.output), text).catch((error: unknown) => rethrowWriteFailure(error, `--output ${args.output}: cannot write the report`));
      io.stderr.write(`wrote ${printable(args.output)}: ${tally}\n`);
    } else {
      io.stdout.write(text);
    }
    return s.exitCode;
  } catch (error) {
    progress.stop();
    return reportProblems(error, io);
  } finally {
    await engine.close();
  }
}

export interface CheckValidateArgs {
  config?: string;
  /** Check files; none = every stored check. */
  files?: string[];
}

/**
 * `assetql check validate [FILES]`: every problem with file and line, and the
 * config's exceptions file (malformed entries are problems, unknown check or
 * connector ids warnings); exit 0 when all are valid, else 2.
 */
export async function checkValidateCommand(args: CheckValidateArgs, io: CheckIO): Promise<number> {
  const engine = await openEngine(optionalConfig(args.config));
  try {
    const stored = await loadStoredChecks(engine);
    const files = args.files ?? [];
    const problems = files.length === 0 ? [...stored.problems] : [];
    const ids = stored.registry.list().map((check) => check.definition.id);
    let valid = files.length === 0 ? ids.length : 0;
    for (const file of files) {
      // Named as given on the command line.
      const loaded = await loadCheckFile(path.resolve(file), engine, file);
      const fileProblems = [...loaded.problems, ...duplicateProblems(loaded, stored, file)];
      problems.push(...fileProblems);
      if (fileProblems.length > 0 || !loaded.check) continue;
      valid += 1;
      ids.push(loaded.check.definition.id);
    }
    let exceptions: CheckException[] = [];
    try {
      exceptions = await configuredExceptions(engine);
    } catch (error) {
      if (!(error instanceof CheckValidationError)) throw error;
      problems.push(...error.problems);
    }
    for (const problem of problems) io.stderr.write(`${printable(formatProblem(problem))}\n`);
    for (const unknown of unknownExceptions(exceptions, { checks: ids, connectors: engine.connectors.map((c) => c.id) })) {
      io.stderr.write(`${printable(`${unknown.source}: warning: ${describeUnknownIds(unknown)}; the exception waives nothing`)}\n`);
    }
    io.stdout.write(`${valid} valid, ${countFiles(problems)} invalid\n`);
    return problems.length === 0 ? EXIT.ok : EXIT.error;
  } finally {
    await engine.close();
  }
}

export interface CheckAddArgs {
  config?: string;
  file: string;
  /** Replace a stored check with the same id. */
  force?: boolean;
}

/** `assetql check add FILE`: validates, then stores it atomically in the check folder; an invalid check writes nothing. */
export async function checkAddCommand(args: CheckAddArgs, io: CheckIO): Promise<number> {
  const engine = await openEngine(configPath(args.config));
  try {
    const stored = await loadStoredChecks(engine);
    const loaded = await loadCheckFile(path.resolve(args.file), engine, args.file);
    if (!loaded.check) return printProblems(loaded.problems, io);

    const id = loaded.check.definition.id;
    const existing = stored.registry.get(id);
    const alreadyStored = (file: string) => [{ file: args.file, field: 'id', message: `"${id}" is already stored in ${stored.label(file)}; pass --force to replace it` }];
    let target = path.join(stored.folders.store, `${id}.yaml`);
    if (existing?.file) {
      if (!args.force) return printProblems(alreadyStored(existing.file), io);
      if (path.dirname(existing.file) !== path.resolve(stored.folders.store)) {
        const message = `"${id}" is defined in ${stored.label(existing.file)}, outside the check folder ${stored.label(stored.folders.store)}; choose another id`;
        return printProblems([{ file: args.file, field: 'id', message }], io);
      }
      target = existing.file;
    }
    // Without --force the file is created only if absent, so a `check add` of the same id running at the same time cannot be overwritten.
    try {
      await writeFileAtomic(target, loaded.text, { exclusive: !args.force });
    } catch (error) {
      if (error instanceof FileExistsError) return printProblems(alreadyStored(target), io);
      rethrowWriteFailure(error, `cannot store ${id} in ${stored.label(stored.folders.store)}`);
    }
    io.stdout.write(`stored ${id} in ${printable(path.relative(process.cwd(), target) || target)}\n`);
    return EXIT.ok;
  } finally {
    await engine.close();
  }
}

export interface CheckListArgs {
  config?: string;
  /** table or json. @default table */
  format?: string;
}

/** `assetql check list`: the registered checks; problems of stored files go to stderr (exit 2). */
export async function checkListCommand(args: CheckListArgs, io: CheckIO): Promise<number> {
  const format = args.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format ${format}: expected table or json`);
  const engine = await openEngine(optionalConfig(args.config));
  try {
    const stored = await loadStoredChecks(engine);
    const checks = stored.registry.list();
    if (format === 'json') {
      const rows = checks.map((c) => ({ ...c.definition, file: c.file === null ? null : stored.label(c.file) }));
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      const rows = checks.map(({ definition }) => [definition.id, definition.severity, definition.title].map(printable));
      const width = Math.max(2, ...rows.map(([id]) => id.length));
      io.stdout.write(`${'ID'.padEnd(width)}  SEVERITY  TITLE\n`);
      for (const [id, severity, title] of rows) io.stdout.write(`${id.padEnd(width)}  ${severity.padEnd(8)}  ${title}\n`);
    }
    for (const problem of stored.problems) io.stderr.write(`${printable(formatProblem(problem))}\n`);
    return stored.problems.length === 0 ? EXIT.ok : EXIT.error;
  } finally {
    await engine.close();
  }
}

/** The query engine alone: the check commands build their own registry so they can report every stored-check problem. */
function openEngine(config: string | undefined, options: EngineOptions = {}): Promise<Engine> {
  // Without a config (validating files only), an engine with no accounts still has the schema.
  return createQueryEngine(config === undefined ? { ...options, connectors: [] } : { ...options, config });
}

/** `--config`, else ./assetql.config.yaml when present; validate and list work without one. */
function optionalConfig(option: string | undefined): string | undefined {
  return option ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
}

function duplicateProblems(loaded: LoadedCheckFile, stored: StoredChecks, label: string): CheckProblem[] {
  const id = loaded.check?.definition.id;
  const existing = id === undefined ? undefined : stored.registry.get(id);
  if (!existing || existing.file === loaded.file) return [];
  return [{ file: label, field: 'id', message: `"${id}" is already defined in ${existing.file === null ? 'code' : stored.label(existing.file)}` }];
}

function countFiles(problems: readonly CheckProblem[]): number {
  return new Set(problems.map((p) => p.file)).size;
}

function reportProblems(error: unknown, io: CheckIO): number {
  if (!(error instanceof CheckValidationError)) throw error;
  return printProblems(error.problems, io);
}

function printProblems(problems: readonly CheckProblem[], io: CheckIO): number {
  for (const problem of problems) io.stderr.write(`assetql: ${printable(formatProblem(problem))}\n`);
  return EXIT.error;
}

/** A file system refusal (permissions, a full disk, a file where a folder should be) is the user's to fix: exit 2, not an internal error. */
function rethrowWriteFailure(error: unknown, what: string): never {
  if (typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string') throw new UsageError(`${what}: ${fsReason(error)}`);
  throw error;
}

function parseFormat(value: string | undefined): ReportFormat {
  const format = value ?? 'table';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${format}: expected one of ${REPORT_FORMATS.join(', ')}`);
  return format as ReportFormat;
}

function parseSeverity(value: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(value)) throw new UsageError(`--severity ${value}: expected one of ${SEVERITIES.join(', ')}`);
  return value as Severity;
}

function parsePositiveInt(value: string, flag: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} ${value}: expected a positive whole number`);
  return Number(value);
}

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return Boolean((stream as { isTTY?: boolean }).isTTY);
}
