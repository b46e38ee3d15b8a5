import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/**
 * A check's query is run with no operation name and no variables, so it must
 * be exactly one query operation whose variables all have defaults. Documents
 * that break this validate against the schema, then fail at run time; here
 * they are refused when the check is registered, each error at its node.
 */
export function queryShapeErrors(document: DocumentNode): GraphQLError[] {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const errors: GraphQLError[] = [];
  for (const extra of operations.slice(1)) {
    errors.push(new GraphQLError(`a check's query must be one operation, found ${operations.length}: a check runs without an operation name`, { nodes: extra }));
  }
  for (const operation of operations) {
    if (operation.operation !== 'query') {
      errors.push(new GraphQLError(`a check's query must be a query operation, not a ${operation.operation}`, { nodes: operation }));
    }
    for (const variable of operation.variableDefinitions ?? []) {
      if (variable.defaultValue) continue;
      errors.push(new GraphQLError(`variable "$${variable.variable.name.value}" needs a default value: a check's query runs without variables`, { nodes: variable }));
    }
  }
  return errors;
}
