import { AwsFault, callerAccount, type Handler } from './protocol.js';
import { REPORT_REUSE_MS } from './world.js';

/** IAM actions the connector calls, answering like IAM (Query protocol). */
export const IAM_HANDLERS: Record<string, Handler> = {
  GenerateCredentialReport(request, world) {
    const account = callerAccount(request, world);
    const state = world.generateReport(account);
    const description = state === 'STARTED' ? 'No report exists. Starting a new report generation task' : undefined;
    return { body: { State: state, Description: description } };
  },

  GetCredentialReport(request, world) {
    const account = callerAccount(request, world);
    const report = account.report;
    switch (report.status) {
      case 'none':
        throw new AwsFault('ReportNotPresent', 410);
      case 'expired':
        throw new AwsFault('ReportExpired', 410);
      case 'generating':
        throw new AwsFault('ReportInProgress', 404);
      case 'complete':
        // A report long past IAM's 4-hour reuse is treated as expired.
        if (Date.now() - report.generatedAt.getTime() > 2 * REPORT_REUSE_MS) throw new AwsFault('ReportExpired', 410);
        return {
          body: {
            // One line of base64: wrapped base64 makes the SDK fail.
            Content: Buffer.from(account.credentialReport, 'utf8').toString('base64'),
            ReportFormat: 'text/csv',
            GeneratedTime: report.generatedAt,
          },
        };
    }
  },

  GetAccountSummary(request, world) {
    const account = callerAccount(request, world);
    return { body: { SummaryMap: new Map(Object.entries(account.summary)) } };
  },

  GetAccountPasswordPolicy(request, world) {
    const account = callerAccount(request, world);
    if (!account.passwordPolicy) {
      throw new AwsFault('NoSuchEntity', 404, `The Password Policy with domain name ${account.id} cannot be found.`);
    }
    return { body: { PasswordPolicy: account.passwordPolicy } };
  },

  ListAccountAliases(request, world) {
    const account = callerAccount(request, world);
    return { body: { AccountAliases: account.aliases, IsTruncated: false } };
  },
};
