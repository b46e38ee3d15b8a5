import type { EventSelectorsValue, FieldSelectorValue } from './sources.js';

export type ReadWrite = 'All' | 'ReadOnly' | 'WriteOnly';

/** Basic selectors in GraphQL's casing; `IncludeManagementEvents` defaults to true, `ReadWriteType` to All, as CloudTrail reads them. */
export function eventSelectorsOf(value: EventSelectorsValue) {
  return (value.EventSelectors ?? []).map((selector) => ({
    readWriteType: selector.ReadWriteType ?? 'All',
    includeManagementEvents: selector.IncludeManagementEvents ?? true,
    dataResources: (selector.DataResources ?? []).map((resource) => ({ type: resource.Type ?? null, values: resource.Values ?? [] })),
    excludeManagementEventSources: selector.ExcludeManagementEventSources ?? [],
  }));
}

export function advancedEventSelectorsOf(value: EventSelectorsValue) {
  return (value.AdvancedEventSelectors ?? []).map((selector) => ({
    name: selector.Name ?? null,
    fieldSelectors: selector.FieldSelectors.map((field) => ({
      field: field.Field,
      equals: field.Equals ?? [],
      startsWith: field.StartsWith ?? [],
      endsWith: field.EndsWith ?? [],
      notEquals: field.NotEquals ?? [],
      notStartsWith: field.NotStartsWith ?? [],
      notEndsWith: field.NotEndsWith ?? [],
    })),
  }));
}

/**
 * Which management events the trail logs, whichever selector form it uses:
 * `All`, `ReadOnly`, `WriteOnly`, or null for none. A basic selector with
 * management events counts by its `ReadWriteType`; an advanced selector
 * counts when it selects `eventCategory` = `Management`, narrowed by a
 * `readOnly` field if it has one. Read-only and write-only selectors
 * together are `All`.
 */
export function managementEventsOf(value: EventSelectorsValue): ReadWrite | null {
  const kinds = new Set<ReadWrite>();
  for (const selector of value.EventSelectors ?? []) if (selector.IncludeManagementEvents ?? true) kinds.add(selector.ReadWriteType ?? 'All');
  for (const selector of value.AdvancedEventSelectors ?? []) {
    const category = selector.FieldSelectors.find((field) => field.Field === 'eventCategory');
    if (!category || !(category.Equals ?? []).includes('Management')) continue;
    kinds.add(readOnlyOf(selector.FieldSelectors.find((field) => field.Field === 'readOnly')));
  }
  if (kinds.has('All') || (kinds.has('ReadOnly') && kinds.has('WriteOnly'))) return 'All';
  return kinds.has('ReadOnly') ? 'ReadOnly' : kinds.has('WriteOnly') ? 'WriteOnly' : null;
}

function readOnlyOf(field: FieldSelectorValue | undefined): ReadWrite {
  const equals = field?.Equals ?? [];
  const notEquals = field?.NotEquals ?? [];
  if (equals.includes('true') || notEquals.includes('false')) return 'ReadOnly';
  if (equals.includes('false') || notEquals.includes('true')) return 'WriteOnly';
  return 'All';
}

export const EVENT_SELECTOR_VALUES: Readonly<Record<string, readonly string[]>> = {
  TrailEventSelector: ['readWriteType', 'includeManagementEvents', 'dataResources', 'excludeManagementEventSources'],
  TrailDataResource: ['type', 'values'],
  TrailAdvancedEventSelector: ['name', 'fieldSelectors'],
  TrailFieldSelector: ['field', 'equals', 'startsWith', 'endsWith', 'notEquals', 'notStartsWith', 'notEndsWith'],
  TrailStatus: ['isLogging', 'latestCloudWatchLogsDeliveryTime', 'latestDeliveryTime'],
};
