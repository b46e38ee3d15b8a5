/** Injectable faults: which requests they hit and what they answer with. */
import type { ProtocolFamily } from './protocols/index.js';

export type FaultCode = 'Throttling' | 'LimitExceeded' | 'ServiceFailure' | 'AccessDenied' | 'ReportExpired' | 'ReportNotPresent' | 'ReportInProgress';

/**
 * How services of each protocol spell a fault, and its HTTP status: IAM's
 * Query codes (aws-iam.md), EC2's own, the JSON services' `...Exception`
 * names, S3's. The credential-report codes are IAM's alone.
 */
const FAULT_CODES: Readonly<Record<FaultCode, Readonly<Record<ProtocolFamily, readonly [string, number]>>>> = {
  Throttling: { query: ['Throttling', 400], ec2: ['RequestLimitExceeded', 503], json: ['ThrottlingException', 400], 'rest-json': ['ThrottlingException', 429], 'rest-xml': ['SlowDown', 503] },
  LimitExceeded: { query: ['LimitExceeded', 409], ec2: ['RequestLimitExceeded', 503], json: ['LimitExceededException', 400], 'rest-json': ['LimitExceededException', 429], 'rest-xml': ['SlowDown', 503] },
  ServiceFailure: { query: ['ServiceFailure', 500], ec2: ['InternalError', 500], json: ['ServiceException', 500], 'rest-json': ['InternalServerException', 500], 'rest-xml': ['InternalError', 500] },
  AccessDenied: { query: ['AccessDenied', 403], ec2: ['UnauthorizedOperation', 403], json: ['AccessDeniedException', 400], 'rest-json': ['AccessDeniedException', 403], 'rest-xml': ['AccessDenied', 403] },
  ReportExpired: reportFault('ReportExpired', 410),
  ReportNotPresent: reportFault('ReportNotPresent', 410),
  ReportInProgress: reportFault('ReportInProgress', 404),
};

function reportFault(code: string, status: number): Record<ProtocolFamily, readonly [string, number]> {
  const other = ['ServiceException', 500] as const;
  return { query: [code, status], ec2: other, json: other, 'rest-json': other, 'rest-xml': other };
}

/** A fault as a service of the protocol answers it. */
export function faultAnswer(fault: FaultCode, family: ProtocolFamily): { code: string; status: number } {
  const [code, status] = FAULT_CODES[fault][family];
  return { code, status };
}

export interface FaultRule {
  /** Only these operations (`GetCredentialReport`, `AssumeRole`, `ListAccounts`, ...). @default every operation */
  actions?: string[];
  /** Only requests for this account: the signer's account, or the target account of AssumeRole. */
  account?: string;
  /** Only requests signed for this region (a call denied in one region of a regional family). */
  region?: string;
  /** Answer with this AWS error instead of the real response; omitted = latency only. */
  error?: FaultCode;
  /** Chance per matching request, 0 to 1, drawn from the endpoint's seeded generator. @default 1 */
  rate?: number;
  /** Fire at most this many times. @default unlimited */
  times?: number;
  /** Delay added before answering, in ms. */
  latencyMs?: number;
}

export interface FaultDecision {
  error?: FaultCode;
  latencyMs: number;
}

/** Holds the rules; `decide` is called once per request. */
export class Faults {
  private readonly rules: { rule: FaultRule; fired: number }[] = [];

  constructor(private readonly random: () => number) {}

  add(rule: FaultRule): void {
    this.rules.push({ rule, fired: 0 });
  }

  clear(): void {
    this.rules.length = 0;
  }

  decide(action: string, account: string | null, region = ''): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.actions && !rule.actions.includes(action)) continue;
      if (rule.account !== undefined && rule.account !== account) continue;
      if (rule.region !== undefined && rule.region !== region) continue;
      if (rule.times !== undefined && entry.fired >= rule.times) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      entry.fired += 1;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (rule.error && !decision.error) decision.error = rule.error;
    }
    return decision;
  }
}
