import path from 'node:path';
import { createCheckCatalog, configuredExceptions, loadStoredChecks } from '../../checks/catalog.js';
import { SEVERITIES, type Severity } from '../../checks/definition.js';
import { reportChunks } from '../../checks/report/index.js';
import { printable } from '../../checks/report/printable.js';
import { writeFileAtomic } from '../../checks/store.js';
import { createQueryEngine } from '../../engine/engine.js';
import { parseNowOption } from '../clock-option.js';
import { wantsColor } from '../color.js';
import { frameworkSelection, shownResults, viewsOf, type FrameworkArgs } from '../framework-options.js';
import { UsageError, type CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import { planOutputs, type OutputArgs } from '../report-outputs.js';
import { logLevelOf, stderrLog } from '../log.js';
import { coordinatorQueue, type QueueArgs } from '../queue-options.js';
import { openTarget, scanTarget } from '../scan-target.js';
import { parsePositiveInt, rethrowWriteFailure, reportProblems } from './check-io.js';
import { writePieces } from '../write-pieces.js';

type CheckIO = Pick<CliIO, 'stdout' | 'stderr' | 'isTTY'> & Partial<Pick<CliIO, 'env'>>;

export interface CheckRunArgs extends OutputArgs, FrameworkArgs, QueueArgs {
  config?: string;
  /** `--log-level` and `-v`: what is told on stderr. */
  logLevel?: string;
  verbose?: boolean;
  /** Without a config: the AWS profile. */
  profile?: string;
  /** Without a config: every account of the Organization. */
  organization?: boolean;
  check?: string[];
  severity?: string[];
  connector?: string[];
  now?: string;
  concurrency?: string;
}

/**
 * `assetql check run`: every stored check on every account (or the narrowed
 * set), in one or more report formats; exit 0 pass, 1 fail, 2 error, 3 internal.
 * `--status` narrows what is shown, never the exit code.
 */
export async function checkRunCommand(args: CheckRunArgs, io: CheckIO): Promise<number> {
  const outputs = planOutputs(args);
  const severities = (args.severity ?? []).map(parseSeverity);
  const concurrency = args.concurrency === undefined ? undefined : parsePositiveInt(args.concurrency, '--concurrency');
  const now = parseNowOption(args.now);
  const progress = createProgress(io.stderr, { enabled: io.isTTY });
  const level = logLevelOf(args);
  const log = stderrLog(io, level);
  // With --queue, Redis is reached first: an unreachable one fails before discovery is paid for.
  const queue = await coordinatorQueue(args, io, level);
  // One run, then exit: snapshot files are read synchronously (no event loop to keep free).
  const engine = await openTarget(scanTarget(args), (source) => createQueryEngine({ ...source, now, blockingReads: true, log, onLoad: (event) => progress.onLoad(event) }), process.cwd());
  try {
    const stored = await loadStoredChecks(engine);
    const catalog = createCheckCatalog(engine, stored);
    const selection = await frameworkSelection(args, catalog.checks());
    const exceptions = await configuredExceptions(engine);
    const runOptions = { checks: args.check, severities, connectors: args.connector, frameworks: selection.frameworks, controls: selection.controls, concurrency, exceptions };
    const report = queue
      ? await (await import('../../queue/check-run.js')).runChecksOnWorkers(engine, stored, { ...runOptions, queue: queue.settings })
      : await catalog.runChecks(runOptions);
    progress.stop();
    queue?.stop();

    const shown = { ...report, results: shownResults(selection, report.results) };
    const frameworks = viewsOf(selection, report);
    const s = report.summary;
    const tally = `${s.pass} passed, ${s.fail} failed, ${s.error} errors, ${s.waived} waived`;
    for (const output of outputs) {
      const color = output.format === 'table' && output.file === undefined && wantsColor(io.stdout, io.env);
      const pieces = reportChunks(shown, output.format, { color, frameworks, tableView: selection.frameworks.length > 0 ? 'frameworks' : 'checks' });
      if (output.file === undefined) {
        await writePieces(io.stdout, pieces);
        continue;
      }
      await writeFileAtomic(path.resolve(output.file), pieces).catch((error: unknown) => rethrowWriteFailure(error, `${output.label ?? output.file}: cannot write the ${output.format} report`));
      io.stderr.write(`wrote ${printable(output.file)}: ${tally}\n`);
    }
    return s.exitCode;
  } catch (error) {
    progress.stop();
    return reportProblems(error, io);
  } finally {
    queue?.done();
    await engine.close();
  }
}

function parseSeverity(value: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(value)) throw new UsageError(`--severity ${value}: expected one of ${SEVERITIES.join(', ')}`);
  return value as Severity;
}
