import type { ReadWrite } from './event-selectors.js';

/** A trail row's selectors, as `eventSelectorsOf` and `advancedEventSelectorsOf` give them. */
export interface TrailSelectors {
  readonly eventSelectors: readonly { readWriteType: string; dataResources: readonly { type: string | null; values: readonly string[] }[] }[];
  readonly advancedEventSelectors: readonly { fieldSelectors: readonly FieldSelector[] }[];
}

interface FieldSelector {
  readonly field: string;
  readonly equals: readonly string[];
  readonly startsWith: readonly string[];
  readonly endsWith: readonly string[];
  readonly notEquals: readonly string[];
  readonly notStartsWith: readonly string[];
  readonly notEndsWith: readonly string[];
}

const S3_OBJECT = 'AWS::S3::Object';
/** The fields an advanced selector may have and still select every object-level event of a bucket; any other narrows it. */
const WHOLE_BUCKET_FIELDS = new Set(['eventCategory', 'resources.type', 'readOnly', 'resources.ARN']);

/**
 * Which object-level events (S3 data events) of every object of a bucket a
 * trail's selectors log: `All`, `ReadOnly`, `WriteOnly`, or null. Basic
 * selectors: `AWS::S3::Object` with a value that is a prefix of
 * `arn:aws:s3:::<bucket>/` (`arn:aws:s3`, `arn:aws:s3:::` are every
 * bucket; one with a key prefix logs part of the bucket only), by
 * `ReadWriteType`. Advanced selectors: `eventCategory` = `Data` and
 * `resources.type` = `AWS::S3::Object`, narrowed by `readOnly`; a
 * `resources.ARN` condition counts when it keeps every object of the bucket
 * (`StartsWith` a prefix of it, a `NotStartsWith` or `NotEquals` outside
 * it), and a selector with any other condition (an `eventName`, an
 * `EndsWith`) logs some events only, so it does not count. Read-only and
 * write-only together are `All`.
 */
export function s3ObjectEventsOf(trail: TrailSelectors, bucket: string): ReadWrite | null {
  const objects = `arn:aws:s3:::${bucket}/`;
  const kinds = new Set<string>();
  for (const selector of trail.eventSelectors) {
    const covered = selector.dataResources.some((resource) => resource.type === S3_OBJECT && resource.values.some((value) => objects.startsWith(value)));
    if (covered) kinds.add(selector.readWriteType);
  }
  for (const selector of trail.advancedEventSelectors) {
    const kind = advancedKind(selector.fieldSelectors, objects);
    if (kind) kinds.add(kind);
  }
  if (kinds.has('All') || (kinds.has('ReadOnly') && kinds.has('WriteOnly'))) return 'All';
  return kinds.has('ReadOnly') ? 'ReadOnly' : kinds.has('WriteOnly') ? 'WriteOnly' : null;
}

/** Whether a trail's object-level events for a bucket include the reads (`read`) or the writes. */
export const logs = (events: ReadWrite | null, want: 'read' | 'write'): boolean => events === 'All' || events === (want === 'read' ? 'ReadOnly' : 'WriteOnly');

function advancedKind(fields: readonly FieldSelector[], objects: string): ReadWrite | null {
  const named = (field: string) => fields.find((f) => f.field === field);
  if (fields.some((f) => !WHOLE_BUCKET_FIELDS.has(f.field))) return null;
  if (!onlyEquals(named('eventCategory'), 'Data') || !onlyEquals(named('resources.type'), S3_OBJECT)) return null;
  const arn = named('resources.ARN');
  if (arn && !keepsEveryObject(arn, objects)) return null;
  const readOnly = named('readOnly');
  if (!readOnly) return 'All';
  const reads = onlyEquals(readOnly, 'true');
  const writes = onlyEquals(readOnly, 'false');
  return reads && writes ? 'All' : reads ? 'ReadOnly' : writes ? 'WriteOnly' : null;
}

/** The condition is `Equals` alone and lists the value, and no other (`readOnly` may list both `true` and `false`). */
function onlyEquals(field: FieldSelector | undefined, value: string): boolean {
  if (!field) return false;
  const { equals, startsWith, endsWith, notEquals, notStartsWith, notEndsWith } = field;
  const allowed = field.field === 'readOnly' ? ['true', 'false'] : [value];
  return equals.includes(value) && equals.every((listed) => allowed.includes(listed)) && [startsWith, endsWith, notEquals, notStartsWith, notEndsWith].every((list) => list.length === 0);
}

/**
 * A `resources.ARN` condition keeps every object of the bucket: its
 * `StartsWith` (when given) has a prefix of the bucket's object ARNs, and no
 * `NotStartsWith` or `NotEquals` reaches into the bucket. `Equals` and
 * `EndsWith` name some objects only, and `NotEndsWith` leaves some out.
 */
function keepsEveryObject(field: FieldSelector, objects: string): boolean {
  if (field.equals.length > 0 || field.endsWith.length > 0 || field.notEndsWith.length > 0) return false;
  if (field.startsWith.length > 0 && !field.startsWith.some((prefix) => objects.startsWith(prefix))) return false;
  const reaches = (value: string) => value.startsWith(objects) || objects.startsWith(value);
  return !field.notStartsWith.some(reaches) && !field.notEquals.some((value) => value.startsWith(objects));
}
