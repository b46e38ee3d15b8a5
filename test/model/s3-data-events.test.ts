/**
 * Which object-level events of a bucket a trail's selectors log (CIS 3.8,
 * 3.9): the readings the verdict matrix (test/cis/storage-pack.test.ts) does
 * not reach one by one.
 */
import { describe, expect, it } from 'vitest';
import { advancedEventSelectorsOf, eventSelectorsOf } from '../../src/model/cloudtrail/event-selectors.js';
import { s3ObjectEventsOf } from '../../src/model/cloudtrail/s3-data-events.js';
import type { EventSelectorsValue, FieldSelectorValue } from '../../src/model/cloudtrail/sources.js';

const trail = (value: EventSelectorsValue) => ({ eventSelectors: eventSelectorsOf(value), advancedEventSelectors: advancedEventSelectorsOf(value) });
const basic = (values: string[], ReadWriteType?: 'All' | 'ReadOnly' | 'WriteOnly') => trail({ EventSelectors: [{ ReadWriteType, DataResources: [{ Type: 'AWS::S3::Object', Values: values }] }] });
const S3_DATA: FieldSelectorValue[] = [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }];
const advanced = (...selectors: FieldSelectorValue[][]) => trail({ AdvancedEventSelectors: selectors.map((extra) => ({ FieldSelectors: [...S3_DATA, ...extra] })) });

describe('object-level events of a bucket', () => {
  it('basic selectors: every bucket, the bucket, a key prefix of it (part only), another bucket', () => {
    expect(s3ObjectEventsOf(basic(['arn:aws:s3:::']), 'b')).toBe('All');
    expect(s3ObjectEventsOf(basic(['arn:aws:s3'], 'WriteOnly'), 'b')).toBe('WriteOnly');
    expect(s3ObjectEventsOf(basic(['arn:aws:s3:::b/'], 'ReadOnly'), 'b')).toBe('ReadOnly');
    expect(s3ObjectEventsOf(basic(['arn:aws:s3:::b/logs/']), 'b')).toBeNull();
    expect(s3ObjectEventsOf(basic(['arn:aws:s3:::other/']), 'b')).toBeNull();
    expect(s3ObjectEventsOf(trail({ EventSelectors: [{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }] }), 'b')).toBeNull();
  });

  it('advanced selectors: readOnly narrows; a read-only and a write-only selector together log both', () => {
    expect(s3ObjectEventsOf(advanced([]), 'b')).toBe('All');
    expect(s3ObjectEventsOf(advanced([{ Field: 'readOnly', Equals: ['true'] }]), 'b')).toBe('ReadOnly');
    expect(s3ObjectEventsOf(advanced([{ Field: 'readOnly', Equals: ['true'] }], [{ Field: 'readOnly', Equals: ['false'] }]), 'b')).toBe('All');
    expect(s3ObjectEventsOf(advanced([{ Field: 'readOnly', Equals: ['true', 'false'] }]), 'b')).toBe('All');
    expect(s3ObjectEventsOf(trail({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] }), 'b')).toBeNull();
  });

  it('advanced selectors: an ARN condition counts only when it keeps every object of the bucket', () => {
    expect(s3ObjectEventsOf(advanced([{ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::b/'] }]), 'b')).toBe('All');
    expect(s3ObjectEventsOf(advanced([{ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::b/'] }]), 'bb')).toBeNull();
    expect(s3ObjectEventsOf(advanced([{ Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::other/'] }]), 'b')).toBe('All');
    expect(s3ObjectEventsOf(advanced([{ Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::b/tmp/'] }]), 'b')).toBeNull();
    expect(s3ObjectEventsOf(advanced([{ Field: 'resources.ARN', NotEquals: ['arn:aws:s3:::b/secret.txt'] }]), 'b')).toBeNull();
    expect(s3ObjectEventsOf(advanced([{ Field: 'resources.ARN', Equals: ['arn:aws:s3:::b/one.txt'] }]), 'b')).toBeNull();
    expect(s3ObjectEventsOf(advanced([{ Field: 'resources.ARN', EndsWith: ['.csv'] }]), 'b')).toBeNull();
  });

  it('a selector with any other condition logs some events only', () => {
    expect(s3ObjectEventsOf(advanced([{ Field: 'eventName', Equals: ['PutObject'] }]), 'b')).toBeNull();
  });
});
