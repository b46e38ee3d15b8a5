import type { SourceView } from '../module.js';
import { cliCommand, storedError, type SourceSpec } from '../../sources/source.js';

const cut = (text: string) => JSON.stringify(text.slice(0, 100));

/**
 * One bucket's answer to a per-bucket source: its value, or undefined for
 * a "not configured" answer (no bucket policy). Any other recorded error
 * (a denied GetBucketPolicy) or a bucket the file has no entry for fails
 * the account's buckets, naming the bucket and the call: never read as
 * "nothing there", which a check would pass.
 */
export function bucketAnswer<T>(view: SourceView, source: SourceSpec, bucket: string): T | undefined {
  const answers = view.value(source) as Record<string, unknown>;
  if (!Object.hasOwn(answers, bucket)) {
    return view.fail('SnapshotIncomplete', `${view.origin(source)}: no answer for bucket ${cut(bucket)} (run \`${cliCommand(source, {}, bucket)}\`)`);
  }
  const answer = answers[bucket];
  const error = storedError(answer);
  if (!error) return answer as T;
  if ((source.notConfigured ?? []).includes(error.Code)) return undefined;
  return view.fail(error.Code.slice(0, 100), `${view.origin(source)}: bucket ${cut(bucket)} could not be read: ${error.Code.slice(0, 100)}${error.Message ? `: ${error.Message.slice(0, 200)}` : ''}`);
}
