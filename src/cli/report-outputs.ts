import path from 'node:path';
import { REPORT_FILE_NAMES, REPORT_FORMATS, type ReportFormat } from '../checks/report/index.js';
import { UsageError } from './io.js';

/** One report of a run: a format, and the file it goes to (none: stdout). */
export interface ReportOutput {
  format: ReportFormat;
  file?: string;
  /** How the command line named the file, for messages. */
  label?: string;
}

export interface OutputArgs {
  /** `--format F` or `--format F:FILE`, repeatable. */
  format?: readonly string[];
  /** `--output FILE`: where the one format without a file goes. */
  output?: string;
  /** `--output-dir DIR`: every format without a file goes to DIR/assetql-report.<ext>. */
  outputDir?: string;
}

/**
 * Where each requested report goes. `--format F:FILE` names its own file;
 * `--output-dir DIR` takes every other format (all file formats when none is
 * named); `--output FILE` takes the one other format; else it goes to
 * stdout, which can take only one.
 */
export function planOutputs(args: OutputArgs): ReportOutput[] {
  if (args.output !== undefined && args.outputDir !== undefined) throw new UsageError('--output and --output-dir: pass one of them');
  const specs = (args.format ?? []).map(parseFormatSpec);
  if (specs.length === 0) specs.push(...(args.outputDir !== undefined ? REPORT_FORMATS.filter((f) => f !== 'table').map((format) => ({ format })) : [{ format: 'table' as const }]));

  const unnamed = specs.filter((spec) => spec.file === undefined);
  let outputs: ReportOutput[];
  if (args.outputDir !== undefined) {
    const dir = args.outputDir;
    outputs = specs.map((spec) => (spec.file !== undefined ? spec : { format: spec.format, file: path.join(dir, REPORT_FILE_NAMES[spec.format]), label: path.join(dir, REPORT_FILE_NAMES[spec.format]) }));
  } else if (args.output !== undefined) {
    if (unnamed.length !== 1) throw new UsageError(`--output ${args.output} takes one report; name a file for each other one with --format FORMAT:FILE`);
    outputs = specs.map((spec) => (spec.file !== undefined ? spec : { format: spec.format, file: args.output, label: `--output ${args.output}` }));
  } else {
    if (unnamed.length > 1) throw new UsageError(`--format ${unnamed.map((s) => s.format).join(', ')}: only one report can go to stdout; name a file for the others with --format FORMAT:FILE, or use --output-dir DIR`);
    outputs = specs;
  }

  const seen = new Map<string, ReportOutput>();
  for (const output of outputs) {
    if (output.file === undefined) continue;
    const key = path.resolve(output.file);
    const earlier = seen.get(key);
    if (earlier) throw new UsageError(`${output.file}: both the ${earlier.format} and the ${output.format} report would be written there`);
    seen.set(key, output);
  }
  return outputs;
}

/** `sarif` or `sarif:results.sarif`. */
function parseFormatSpec(spec: string): ReportOutput {
  const colon = spec.indexOf(':');
  const format = colon === -1 ? spec : spec.slice(0, colon);
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${spec}: expected one of ${REPORT_FORMATS.join(', ')}, optionally with :FILE`);
  if (colon === -1) return { format: format as ReportFormat };
  const file = spec.slice(colon + 1);
  if (file === '') throw new UsageError(`--format ${spec}: no file after the colon`);
  return { format: format as ReportFormat, file, label: file };
}
