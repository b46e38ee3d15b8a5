import { setTimeout as sleep } from 'node:timers/promises';
import { cliTimestamp } from '../../sources/canonical.js';
import type { AwsLiveSettings } from '../../sources/live/aws-connector.js';
import { LocalAwsError, awsErrorCode } from '../../sources/live/aws-error.js';
import { deadlineError, withRetry, type Gate } from '../../sources/live/retry.js';
import type { AwsTiming } from '../../sources/live/timing.js';
import type { LiveContext } from '../../sources/source.js';
import { silent, type Log } from '../../sources/log.js';

type IAMClient = import('@aws-sdk/client-iam').IAMClient;

interface FetchedReport {
  csv: string;
  generatedAt: Date | null;
}

/**
 * The live value of the credential report source: the flow below, its CSV
 * decoded (as the snapshot's credential-report.csv holds it) and the time IAM
 * generated it (as snapshot.json's reportGeneratedAt holds it).
 */
export async function liveCredentialReport(context: LiveContext): Promise<{ Content: string; GeneratedTime?: string }> {
  const { IAMClient, GenerateCredentialReportCommand, GetCredentialReportCommand } = await import('@aws-sdk/client-iam');
  const settings = (context as LiveContext & { settings?: AwsLiveSettings }).settings;
  if (!settings) throw new Error('the credential report flow needs an AWS connector');
  const iam = await context.client(IAMClient);
  const report = await fetchCredentialReport(iam, { GenerateCredentialReportCommand, GetCredentialReportCommand }, settings.timing, settings.maxReportAgeMs, settings.gate, settings.log);
  return { Content: report.csv, ...(report.generatedAt ? { GeneratedTime: cliTimestamp(report.generatedAt) } : {}) };
}

type Commands = Pick<typeof import('@aws-sdk/client-iam'), 'GenerateCredentialReportCommand' | 'GetCredentialReportCommand'>;

/** IAM reuses a report for this long; a fresher one cannot be asked for. */
const IAM_REPORT_REUSE_MS = 4 * 60 * 60 * 1000;

/**
 * The credential report flow: Generate, poll with back-off until COMPLETE,
 * Get. ReportNotPresent / ReportExpired on Get mean "generate again",
 * ReportInProgress means "wait". Throttling and 5xx are retried inside each
 * call; anything else, or the deadline, rejects: never an empty report.
 */
async function fetchCredentialReport(iam: IAMClient, commands: Commands, timing: AwsTiming, maxReportAgeMs?: number, gate?: Gate, log: Log = silent): Promise<FetchedReport> {
  const progress = { lastState: 'not started' };
  try {
    return await reportFlow(iam, commands, timing, maxReportAgeMs, progress, gate, log);
  } catch (error) {
    // Whichever call met the deadline, say how far the report got.
    if (awsErrorCode(error) !== 'Timeout') throw error;
    throw new LocalAwsError('Timeout', `${(error as Error).message}; report still ${progress.lastState} after ${timing.reportDeadlineMs} ms`);
  }
}

async function reportFlow(iam: IAMClient, { GenerateCredentialReportCommand, GetCredentialReportCommand }: Commands, timing: AwsTiming, maxReportAgeMs: number | undefined, progress: { lastState: string }, gate: Gate | undefined, log: Log): Promise<FetchedReport> {
  const deadline = Date.now() + timing.reportDeadlineMs;
  const call = <T>(operation: string, send: (signal: AbortSignal) => Promise<T>) =>
    withRetry(send, {
      deadline,
      initialMs: timing.retryInitialMs,
      maxMs: timing.retryMaxMs,
      operation,
      gate,
      onFailedAttempt: (error, attempt, retrying) => log({ level: retrying ? 'info' : 'warn', message: `${operation} failed: ${awsErrorCode(error)}${retrying ? `; retrying (attempt ${attempt + 1})` : ''}`, detail: { operation, attempt } }),
    });

  let pollDelay = timing.pollInitialMs;
  let waitBeforeGenerate = false;
  let regeneratedAtOnce = false;
  for (;;) {
    if (waitBeforeGenerate) {
      if (Date.now() + pollDelay >= deadline) {
        throw deadlineError({ operation: 'GenerateCredentialReport' }, undefined);
      }
      await sleep(pollDelay);
      pollDelay = Math.min(pollDelay * 2, timing.pollMaxMs);
    }
    waitBeforeGenerate = true;

    const generated = await call('GenerateCredentialReport', (abortSignal) => iam.send(new GenerateCredentialReportCommand({}), { abortSignal }));
    progress.lastState = generated.State ?? 'unknown';
    log({ level: 'debug', message: `credential report ${progress.lastState}`, detail: { operation: 'GenerateCredentialReport', requestId: generated.$metadata?.requestId } });
    if (generated.State !== 'COMPLETE') continue;

    try {
      const report = await call('GetCredentialReport', (abortSignal) => iam.send(new GetCredentialReportCommand({}), { abortSignal }));
      return checkAge(decode(report.Content, report.ReportFormat, report.GeneratedTime), maxReportAgeMs);
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === 'ReportInProgress') {
        progress.lastState = 'INPROGRESS';
        continue;
      }
      if (code === 'ReportNotPresent' || code === 'ReportExpired') {
        // The report is gone, not busy: generate again at once (once; after that, at the poll pace).
        progress.lastState = code;
        if (!regeneratedAtOnce) waitBeforeGenerate = false;
        regeneratedAtOnce = true;
        continue;
      }
      throw error;
    }
  }
}

function decode(content: Uint8Array | undefined, format: string | undefined, generatedTime: Date | undefined): FetchedReport {
  if (format !== undefined && format !== 'text/csv') {
    throw new LocalAwsError('CredentialReportMalformed', `GetCredentialReport: unexpected ReportFormat ${format}`);
  }
  const csv = content ? new TextDecoder('utf-8').decode(content) : '';
  if (!csv.startsWith('user,arn,')) {
    throw new LocalAwsError('CredentialReportMalformed', 'GetCredentialReport: Content is not a credential report CSV (no "user,arn," header)');
  }
  return { csv, generatedAt: generatedTime ?? null };
}

/** `maxReportAge` is a requirement: a report older than asked for is an error, never silently used. */
function checkAge(report: FetchedReport, maxReportAgeMs: number | undefined): FetchedReport {
  if (maxReportAgeMs === undefined || report.generatedAt === null) return report;
  const age = Date.now() - report.generatedAt.getTime();
  if (age <= maxReportAgeMs) return report;
  const renewable = new Date(report.generatedAt.getTime() + IAM_REPORT_REUSE_MS);
  throw new LocalAwsError(
    'ReportTooOld',
    `GetCredentialReport: report generated ${report.generatedAt.toISOString()} is ${formatMinutes(age)} old, more than maxReportAge ${formatMinutes(maxReportAgeMs)}; IAM reuses a report for 4 hours, so a new one can be generated from ${renewable.toISOString()}`,
  );
}

function formatMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 120 ? `${Math.round(minutes / 6) / 10}h` : `${minutes}m`;
}
