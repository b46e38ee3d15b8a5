/**
 * Whether the table on stdout gets colours: never with NO_COLOR, always with
 * FORCE_COLOR (other than 0 or false), else only on a terminal that is not
 * TERM=dumb. picocolors paints; this decides, from the command's own streams
 * and environment rather than the process's, and without picocolors' CI
 * rule: a report piped to a file in CI stays plain text.
 */
export function wantsColor(stdout: NodeJS.WritableStream, env: NodeJS.ProcessEnv = {}): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && !['0', 'false'].includes(env.FORCE_COLOR)) return true;
  return Boolean((stdout as { isTTY?: boolean }).isTTY) && env.TERM !== 'dumb';
}
