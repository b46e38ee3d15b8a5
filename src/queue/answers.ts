import { z } from 'zod';
import { SEVERITIES } from '../checks/definition.js';

/**
 * What a worker answers for one account, as read back from Redis. Redis may
 * be shared, so an answer is untrusted: it must have this shape before the
 * coordinator uses it, and an answer that does not is the account's ERROR,
 * naming the field.
 */

const text = (max: number) => z.string().max(max);

const findingSchema = z.strictObject({
  id: text(4096),
  resource: text(4096),
  name: text(4096).nullable(),
  accountId: text(64).nullable(),
  type: text(256).nullable(),
  severity: z.enum(SEVERITIES),
  remediation: text(65_536).nullable(),
  message: text(65_536),
  value: z.unknown(),
});

const checkResultSchema = z.strictObject({
  check: text(256),
  title: text(4096),
  severity: z.enum(SEVERITIES),
  connector: text(256),
  accountId: z.string().regex(/^\d{12}$/).nullable(),
  compliance: z.record(z.string(), z.array(z.string())),
  status: z.enum(['PASS', 'FAIL', 'ERROR']),
  findings: z.array(findingSchema).max(1_000_000),
  error: text(65_536).optional(),
  errorCode: text(256).optional(),
});

/** Every check of the job on the account, in the job's check order; exceptions are the coordinator's to apply. */
export const checkRunAnswerSchema = z.strictObject({ kind: z.literal('check-run'), results: z.array(checkResultSchema) });
export type CheckRunAnswer = z.infer<typeof checkRunAnswerSchema>;

/**
 * A snapshot file's path inside the account's folder: relative, `/`-separated,
 * no `.`, `..` or empty segment, nothing a shell or a terminal reads specially.
 */
const SEGMENT = /^[A-Za-z0-9_.@-]{1,255}$/;
const snapshotFilePath = z
  .string()
  .max(1024)
  .refine((file) => file.split('/').every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..'), 'a relative path of letter, digit, ".", "_", "@" and "-" segments, none "." or ".."');

/** One account's snapshot: its files by path, the sources that could not be read; or why the account could not be read at all. */
export const snapshotAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    kind: z.literal('snapshot'),
    ok: z.literal(true),
    accountId: z.string().regex(/^\d{12}$/),
    files: z.array(z.tuple([snapshotFilePath, z.string()])).max(100_000),
    failures: z.array(z.strictObject({ source: text(256), region: text(64).optional(), code: text(256), message: text(65_536) })),
  }),
  z.strictObject({ kind: z.literal('snapshot'), ok: z.literal(false), code: text(256), message: text(65_536) }),
]);
export type SnapshotAnswer = z.infer<typeof snapshotAnswerSchema>;

/** The first problem of an answer that does not parse, as `results.3.status: ...`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the answer';
  return `${where}: ${issue.message}`;
}
