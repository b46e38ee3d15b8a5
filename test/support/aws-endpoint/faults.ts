/** Injectable faults: which requests they hit and what they answer with. */

/** Error codes a fault can answer with, with the HTTP status AWS uses (aws-iam.md). */
export const FAULT_STATUS = {
  Throttling: 400,
  LimitExceeded: 409,
  ServiceFailure: 500,
  AccessDenied: 403,
  ReportExpired: 410,
  ReportNotPresent: 410,
  ReportInProgress: 404,
} as const;

export type FaultCode = keyof typeof FAULT_STATUS;

/** Organizations (JSON 1.1) names for the same faults. */
export const ORGANIZATIONS_FAULT_TYPE: Record<FaultCode, string> = {
  Throttling: 'TooManyRequestsException',
  LimitExceeded: 'TooManyRequestsException',
  ServiceFailure: 'ServiceException',
  AccessDenied: 'AccessDeniedException',
  ReportExpired: 'ServiceException',
  ReportNotPresent: 'ServiceException',
  ReportInProgress: 'ServiceException',
};

export interface FaultRule {
  /** Only these actions (`GetCredentialReport`, `AssumeRole`, `ListAccounts`, ...). @default every action */
  actions?: string[];
  /** Only requests for this account: the signer's account, or the target account of AssumeRole. */
  account?: string;
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

  decide(action: string, account: string | null): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.actions && !rule.actions.includes(action)) continue;
      if (rule.account !== undefined && rule.account !== account) continue;
      if (rule.times !== undefined && entry.fired >= rule.times) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      entry.fired += 1;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (rule.error && !decision.error) decision.error = rule.error;
    }
    return decision;
  }
}
