import type { CheckRunReport } from '../../src/checks/results.js';
import { every, outcomeOf, type Outcome } from '../support/verdict-matrix.js';

/** The logging and monitoring checks (issue 13): id -> CIS v3.0.0 control, Security Hub control, and the types it reports. */
export const LOGGING_CHECKS: Record<string, { cis: string; securityHub?: string; subjects: string[] }> = {
  'aws-accounts-without-multi-region-trail': { cis: '3.1', securityHub: 'CloudTrail.1', subjects: ['Connector'] },
  'aws-cloudtrail-log-file-validation-disabled': { cis: '3.2', securityHub: 'CloudTrail.4', subjects: ['Trail'] },
  'aws-config-not-recording-everywhere': { cis: '3.3', securityHub: 'Config.1', subjects: ['AWSRegion', 'Connector'] },
  'aws-cloudtrail-not-encrypted-with-kms': { cis: '3.5', securityHub: 'CloudTrail.2', subjects: ['Trail'] },
  'aws-kms-keys-rotation-disabled': { cis: '3.6', securityHub: 'KMS.4', subjects: ['KMSKey'] },
  'aws-cloudwatch-alarm-unauthorized-api-calls-missing': { cis: '4.1', securityHub: 'CloudWatch.2', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-console-signin-without-mfa-missing': { cis: '4.2', securityHub: 'CloudWatch.3', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-root-usage-missing': { cis: '4.3', securityHub: 'CloudWatch.1', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-iam-policy-changes-missing': { cis: '4.4', securityHub: 'CloudWatch.4', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-cloudtrail-changes-missing': { cis: '4.5', securityHub: 'CloudWatch.5', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-console-authentication-failures-missing': { cis: '4.6', securityHub: 'CloudWatch.6', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-cmk-disabled-or-deleted-missing': { cis: '4.7', securityHub: 'CloudWatch.7', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-s3-bucket-policy-changes-missing': { cis: '4.8', securityHub: 'CloudWatch.8', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-config-changes-missing': { cis: '4.9', securityHub: 'CloudWatch.9', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-security-group-changes-missing': { cis: '4.10', securityHub: 'CloudWatch.10', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-nacl-changes-missing': { cis: '4.11', securityHub: 'CloudWatch.11', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-network-gateway-changes-missing': { cis: '4.12', securityHub: 'CloudWatch.12', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-route-table-changes-missing': { cis: '4.13', securityHub: 'CloudWatch.13', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-vpc-changes-missing': { cis: '4.14', securityHub: 'CloudWatch.14', subjects: ['Connector'] },
  'aws-cloudwatch-alarm-organizations-changes-missing': { cis: '4.15', subjects: ['Connector'] },
  'aws-regions-without-security-hub': { cis: '4.16', subjects: ['AWSRegion'] },
};

export const ALARM_CHECKS = Object.keys(LOGGING_CHECKS).filter((id) => id.startsWith('aws-cloudwatch-alarm-'));
/** The checks that read trails. */
export const TRAIL_CHECKS = ['aws-accounts-without-multi-region-trail', 'aws-cloudtrail-log-file-validation-disabled', 'aws-cloudtrail-not-encrypted-with-kms', ...ALARM_CHECKS];

const ids = (cis: string) => Object.keys(LOGGING_CHECKS).find((id) => LOGGING_CHECKS[id].cis === cis)!;

/** Every fixture account of test/fixtures/cis-logging (its README) and how each check comes out; a check not named must PASS. */
export const LOGGING_EXPECTED: Record<string, Record<string, Outcome>> = {
  compliant: {},
  'no-trail': { [ids('3.1')]: ['no-trail'], ...every(ALARM_CHECKS, ['no-trail']) },
  'trail-not-logging': { [ids('3.1')]: ['trail-not-logging'], ...every(ALARM_CHECKS, ['trail-not-logging']) },
  'trail-write-only': { [ids('3.1')]: ['trail-write-only'], ...every(ALARM_CHECKS, ['trail-write-only']) },
  'advanced-selectors': {},
  'organization-trail': {},
  'validation-disabled': { [ids('3.2')]: ['management-events'] },
  'trail-not-encrypted': { [ids('3.5')]: ['management-events'] },
  'recorder-off-in-region': { [ids('3.3')]: ['eu-west-1'] },
  'no-global-recording': { [ids('3.3')]: ['no-global-recording'] },
  'opted-in-region-bare': { [ids('3.3')]: ['me-south-1'], [ids('4.16')]: ['me-south-1'] },
  'rotation-disabled': { [ids('3.6')]: ['0b1e2c3d-1111-4222-8333-444455556666'] },
  'rotation-denied': { [ids('3.6')]: 'ERROR AccessDeniedException' },
  'events-reordered': {},
  'filter-missing-event': { [ids('4.5')]: ['filter-missing-event'] },
  'alarm-wrong-namespace': { [ids('4.3')]: ['alarm-wrong-namespace'] },
  'topic-pending-only': every(ALARM_CHECKS, ['topic-pending-only']),
  'hub-disabled-in-region': { [ids('4.16')]: ['eu-west-1'] },
  'trail-status-dangling': every(TRAIL_CHECKS, 'ERROR DanglingReference'),
  'config-denied-in-region': { [ids('3.3')]: 'ERROR AccessDeniedException' },
  'region-not-collected': every(Object.keys(LOGGING_CHECKS), 'ERROR SnapshotRegionMissing'),
};

type Verdict = Outcome | 'PASS';

/** The matrix as a run gives it and as LOGGING_EXPECTED wants it, by account then check. */
export function matrices(report: CheckRunReport, accounts: readonly string[]): { actual: Record<string, Record<string, Verdict>>; wanted: Record<string, Record<string, Verdict>> } {
  const actual: Record<string, Record<string, Verdict>> = {};
  const wanted: Record<string, Record<string, Verdict>> = {};
  for (const account of accounts) {
    const expected = LOGGING_EXPECTED[account];
    actual[account] = Object.fromEntries(Object.keys(LOGGING_CHECKS).map((check) => [check, outcomeOf(report.results.find((r) => r.connector === account && r.check === check)!)]));
    wanted[account] = Object.fromEntries(Object.keys(LOGGING_CHECKS).map((check) => [check, expected[check] === undefined ? 'PASS' : Array.isArray(expected[check]) ? [...expected[check]].sort() : expected[check]]));
  }
  return { actual, wanted };
}

