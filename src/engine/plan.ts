import { Kind, getNamedType, isInterfaceType, isObjectType, type FieldNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { FilterPlan } from '../filters/generate.js';
import type { RegisteredType, Registry } from '../model/registry.js';

/**
 * Which asset types a root field needs built, so their sources are loaded
 * before anything synchronous runs: the root type, the types its `where`
 * reaches through relations (from the actual value, variables included),
 * and the types its selection reaches. Loading is by need: a query over
 * root users loads the credential report and nothing else.
 */
export class QueryPlanner {
  private readonly selections = new WeakMap<FieldNode, ReadonlySet<string>>();

  constructor(
    private readonly registry: Registry,
    private readonly schema: GraphQLSchema,
    private readonly filters: FilterPlan,
  ) {}

  typesFor(rootType: string, where: unknown, fieldNode: FieldNode | undefined, fragments: Record<string, FragmentDefinitionNode>): RegisteredType[] {
    const names = new Set<string>([rootType, 'Connector']);
    this.fromWhere(`${rootType}Where`, where, names);
    if (fieldNode) for (const name of this.fromSelection(rootType, fieldNode, fragments)) names.add(name);
    return [...names].flatMap((name) => this.registry.type(name) ?? []);
  }

  private fromWhere(whereType: string, where: unknown, names: Set<string>): void {
    if (where === null || typeof where !== 'object') return;
    const operations = this.filters.get(whereType);
    if (!operations) return;
    const typeName = whereType.slice(0, -'Where'.length);
    for (const [key, value] of Object.entries(where as Record<string, unknown>)) {
      const operation = operations.get(key);
      if (!operation) continue;
      if (operation.kind === 'logic') {
        for (const item of Array.isArray(value) ? value : [value]) this.fromWhere(whereType, item, names);
        continue;
      }
      for (const via of this.registry.relationOf(typeName, operation.field)?.via ?? []) names.add(via);
      if (operation.kind === 'relation') {
        names.add(operation.target.slice(0, -'Where'.length));
        this.fromWhere(operation.target, value, names);
      }
    }
  }

  private fromSelection(rootType: string, fieldNode: FieldNode, fragments: Record<string, FragmentDefinitionNode>): ReadonlySet<string> {
    let names = this.selections.get(fieldNode);
    if (!names) {
      const found = new Set<string>();
      if (fieldNode.selectionSet) this.walk(rootType, fieldNode.selectionSet, fragments, found);
      this.selections.set(fieldNode, (names = found));
    }
    return names;
  }

  private walk(typeName: string, selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, found: Set<string>): void {
    const type = this.schema.getType(typeName);
    if (!isObjectType(type) && !isInterfaceType(type)) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        for (const via of this.registry.relationOf(typeName, selection.name.value)?.via ?? []) found.add(via);
        if (!selection.selectionSet) continue;
        const target = getNamedType(field.type).name;
        found.add(target);
        // An interface's concrete types are named by the fragments under it.
        this.walk(target, selection.selectionSet, fragments, found);
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
        if (!fragment) continue;
        const on = fragment.typeCondition?.name.value ?? typeName;
        found.add(on);
        this.walk(on, fragment.selectionSet, fragments, found);
      }
    }
  }
}
