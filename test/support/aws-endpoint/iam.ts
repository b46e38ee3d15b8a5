import { getCredentialReport } from '../../../src/model/iam-credential-report/sources.js';
import { snapshotPath } from '../../../src/sources/layout.js';
import { cliCommand } from '../../../src/sources/source.js';
import { parseInstant } from '../../../src/time/instant.js';
import { AwsFault } from './aws-fault.js';
import { fixtureMissing, readMetadata } from './fixture-files.js';
import { callerAccount, type CustomOperations } from './handler.js';
import { REPORT_REUSE_MS } from './world.js';

/**
 * IAM operations that are no plain file: the credential report's
 * generate-poll-get flow (its CSV is the account's credential-report.csv,
 * its time snapshot.json's reportGeneratedAt when the store has one), and
 * the account aliases (snapshot.json's accountAliases).
 */
export const IAM_OPERATIONS: CustomOperations = {
  sdk: { load: () => import('@aws-sdk/client-iam'), client: 'IAMClient' },
  handlers: {
    GenerateCredentialReport(request, world) {
      const account = callerAccount(request, world);
      const state = world.generateReport(account);
      const description = state === 'STARTED' ? 'No report exists. Starting a new report generation task' : undefined;
      return { State: state, Description: description };
    },

    async GetCredentialReport(request, world) {
      const account = callerAccount(request, world);
      const report = account.report;
      switch (report.status) {
        case 'none':
          throw new AwsFault('ReportNotPresent', 410);
        case 'expired':
          throw new AwsFault('ReportExpired', 410);
        case 'generating':
          throw new AwsFault('ReportInProgress', 404);
        case 'complete': {
          // A report long past IAM's 4-hour reuse is treated as expired.
          if (Date.now() - report.generatedAt.getTime() > 2 * REPORT_REUSE_MS) throw new AwsFault('ReportExpired', 410);
          const file = snapshotPath(getCredentialReport);
          const csv = await account.store.read(file);
          if (csv === undefined) throw fixtureMissing(account.store, file, `${cliCommand(getCredentialReport)} --query Content --output text | base64 -d`);
          const recorded = (await readMetadata(account.store)).reportGeneratedAt;
          const recordedMs = typeof recorded === 'string' ? parseInstant(recorded, { requireZone: true }) : NaN;
          return {
            Content: new TextEncoder().encode(csv),
            ReportFormat: 'text/csv',
            GeneratedTime: Number.isNaN(recordedMs) ? report.generatedAt : new Date(recordedMs),
          };
        }
      }
    },

    async ListAccountAliases(request, world) {
      const { accountAliases } = await readMetadata(callerAccount(request, world).store);
      return { AccountAliases: Array.isArray(accountAliases) ? accountAliases : [], IsTruncated: false };
    },
  },
};
