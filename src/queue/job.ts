import { z } from 'zod';

/** The one BullMQ queue coordinators and workers share (its Redis keys start `assetql:accounts:`). */
export const QUEUE_NAME = 'accounts';
export const QUEUE_PREFIX = 'assetql';

/**
 * How a worker reaches one account: the connector's config entry (or what
 * discovery found: account id, name, role), with no credentials. The
 * worker signs with its own AWS configuration; `profile` names a profile
 * of the worker's own AWS files.
 */
export const accountTargetSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/),
  name: z.string().max(1024).optional(),
  profile: z.string().max(256).optional(),
  region: z.string().max(64).optional(),
  roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/).max(2048).optional(),
  externalId: z.string().max(1224).optional(),
  /** `4h`: as a config writes it. */
  maxReportAge: z.string().max(32).optional(),
  /** The regions in scope; absent: every region the account has enabled. */
  regions: z.array(z.string().max(64)).min(1).max(64).optional(),
});
export type AccountTarget = z.infer<typeof accountTargetSchema>;

/** A check the coordinator wants run, with a digest of its definition so a worker with another version of it refuses. */
const jobCheckSchema = z.strictObject({ id: z.string().min(1).max(256), digest: z.string().regex(/^[0-9a-f]{64}$/) });

/** One account of one run: what a job carries. Read back from Redis, it is checked like any untrusted input. */
export const accountJobSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('check-run'),
    runId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    account: accountTargetSchema,
    checks: z.array(jobCheckSchema).min(1).max(10_000),
    /** The run's clock (ISO-8601): date math and report times as the coordinator's. */
    now: z.iso.datetime({ offset: true }),
  }),
  z.strictObject({
    kind: z.literal('snapshot'),
    runId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    account: accountTargetSchema,
  }),
]);
export type AccountJob = z.infer<typeof accountJobSchema>;

/**
 * One job per run and account: adding it twice is a no-op in BullMQ, and a
 * job picked up again after its worker died answers under the same id, so
 * no account is counted twice. (BullMQ refuses `:` in custom ids.)
 */
export function jobIdOf(runId: string, connectorId: string): string {
  return `${runId}.${connectorId}`;
}
