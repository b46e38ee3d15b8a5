import { parseInstant } from '../../time/instant.js';
import { defineModule, many, type SourceView } from '../module.js';
import { CREDENTIAL_REPORT_COLUMNS, CredentialReport, fieldOf, type CredentialRow } from './report.js';
import { getCredentialReport, type CredentialReportValue } from './sources.js';

/**
 * Parsed reports by the read they come from: a read cached across sessions
 * (a server's `cacheTtl`) is parsed once, not once per request.
 */
const parsed = new WeakMap<CredentialReportValue, CredentialReport>();

/** The account's credential report, parsed once per read and lazily (a root-only query reads the root row alone). */
function reportOf(view: SourceView): CredentialReport {
  const value = view.value(getCredentialReport) as CredentialReportValue;
  let report = parsed.get(value);
  // The same value handed to two connectors (a library's own connector could) is parsed for each: errors name the account.
  if (report?.connectorId !== view.connectorId) {
    const generatedAt = value.GeneratedTime === undefined ? null : new Date(parseInstant(value.GeneratedTime));
    report = new CredentialReport(view.connectorId, { csv: value.Content, generatedAt, origin: view.origin(getCredentialReport) });
    parsed.set(value, report);
  }
  return report;
}

const userRow = (row: CredentialRow) => ({ id: row.arn, name: row.user, arn: row.arn, hasIAMUserCredentials: row });
const USER_FIELDS = ['id', 'name', 'arn', 'hasIAMUserCredentials'];
const COLUMN_FIELDS = CREDENTIAL_REPORT_COLUMNS.map(fieldOf);

/** Root users and IAM users, one credential report row each. */
export default defineModule({
  name: 'iam-credential-report',
  sdl: /* GraphQL */ `
    extend type Connector {
      "The account's root user, as a list of one, so that accounts can be filtered on it (\`rootUsers_SOME\`)."
      rootUsers: [RootUser!]!
    }

    "The account's root user (the \`<root_account>\` row of the credential report)."
    type RootUser implements Asset {
      id: ID!
      name: String
      arn: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
      hasIAMUserCredentials: IAMUserCredentials
    }

    "An IAM user (every credential report row but the root row)."
    type IAMUser implements Asset {
      id: ID!
      name: String
      arn: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
      hasIAMUserCredentials: IAMUserCredentials
    }

    """
    One row of the IAM credential report, typed. \`N/A\`, \`no_information\` and
    \`not_supported\` read as null; \`raw\` keeps the text AWS wrote.
    """
    type IAMUserCredentials {
      user: String!
      arn: String!
      userCreationTime: DateTime
      passwordEnabled: Boolean
      passwordLastUsed: DateTime
      passwordLastChanged: DateTime
      passwordNextRotation: DateTime
      mfaActive: Boolean
      accessKey1Active: Boolean
      accessKey1LastRotated: DateTime
      accessKey1LastUsedDate: DateTime
      accessKey1LastUsedRegion: String
      accessKey1LastUsedService: String
      accessKey2Active: Boolean
      accessKey2LastRotated: DateTime
      accessKey2LastUsedDate: DateTime
      accessKey2LastUsedRegion: String
      accessKey2LastUsedService: String
      cert1Active: Boolean
      cert1LastRotated: DateTime
      cert2Active: Boolean
      cert2LastRotated: DateTime
      "When IAM generated the report this row comes from (null when unknown, as in a snapshot without a generation time)."
      reportGeneratedAt: DateTime
      "The same row as the text AWS wrote, to tell \`N/A\`, \`no_information\` and \`not_supported\` apart."
      raw: IAMUserCredentialsRaw!
    }

    "A credential report row exactly as written, every column a string."
    type IAMUserCredentialsRaw {
      user: String!
      arn: String!
      userCreationTime: String!
      passwordEnabled: String!
      passwordLastUsed: String!
      passwordLastChanged: String!
      passwordNextRotation: String!
      mfaActive: String!
      accessKey1Active: String!
      accessKey1LastRotated: String!
      accessKey1LastUsedDate: String!
      accessKey1LastUsedRegion: String!
      accessKey1LastUsedService: String!
      accessKey2Active: String!
      accessKey2LastRotated: String!
      accessKey2LastUsedDate: String!
      accessKey2LastUsedRegion: String!
      accessKey2LastUsedService: String!
      cert1Active: String!
      cert1LastRotated: String!
      cert2Active: String!
      cert2LastRotated: String!
    }
  `,
  sources: [getCredentialReport],
  types: {
    RootUser: {
      root: 'rootUsers',
      description: 'One root user per account.',
      needs: [getCredentialReport],
      fields: USER_FIELDS,
      rows: (view) => {
        const report = reportOf(view);
        return [userRow(report.root() ?? report.fail(2, 'no <root_account> row'))];
      },
    },
    IAMUser: {
      root: 'iamUsers',
      description: 'IAM users (never the root row).',
      needs: [getCredentialReport],
      fields: USER_FIELDS,
      rows: (view) => reportOf(view).users().map(userRow),
    },
  },
  relations: {
    Connector: {
      rootUsers: many('RootUser', (_connector, graph) => graph.rows('RootUser')),
    },
  },
  values: {
    IAMUserCredentials: [...COLUMN_FIELDS, 'reportGeneratedAt', 'raw'],
    IAMUserCredentialsRaw: COLUMN_FIELDS,
  },
});
