/**
 * A policy document that is not a policy: `where` is the path inside the
 * document (`Statement[1].Effect`), `problem` what is wrong there. The
 * family that read the document turns it into the account's ERROR, naming
 * the file and the policy.
 */
export class PolicyDocumentError extends Error {
  override readonly name = 'PolicyDocumentError';
  constructor(readonly where: string, readonly problem: string) {
    super(`${where}: ${problem}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PLAIN_KEY = /^[A-Za-z0-9:_./-]{1,64}$/;

/** A member name of a document, for a path in a message: as written when plain, else quoted and cut short. */
export function keyOf(key: string): string {
  return PLAIN_KEY.test(key) ? key : JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}...` : key);
}
