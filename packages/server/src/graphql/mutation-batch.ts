import { Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { Extensions } from 'type-graphql';
import { badUserInput } from '../errors/errors.js';

/**
 * Several mutations in one request run one after the other and stop at the
 * first failure, which answers `data: null`; the request's transaction is
 * then rolled back, so nothing the answer does not show stays stored
 * (compiled-execution.ts, request-lifecycle.ts). That holds only for
 * mutations whose every change is made in the request's transaction: the
 * account's records. Mutations that commit on their own (log-in, team,
 * billing, API keys: the global schema, mails) cannot be undone with the
 * request, so they must come alone.
 */
export const UndoneWithRequest = (): MethodDecorator => Extensions({ undoneWithRequest: true });

/** Refuses a mutation operation of several fields when one of them commits on its own (see above). */
export function refuseMixedMutations(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) {
  const names = new Set<string>();
  collectRootFields(document, operation.selectionSet, names, new Set());
  names.delete('__typename');
  if (names.size < 2) return undefined;
  const fields = schema.getMutationType()!.getFields();
  const alone = [...names].find((name) => fields[name] && !fields[name].extensions?.undoneWithRequest);
  if (!alone) return undefined;
  return badUserInput(alone, `${alone} cannot share a request with other mutations (it cannot be undone with them when one fails): send it on its own.`);
}

function collectRootFields(document: DocumentNode, selectionSet: SelectionSetNode, names: Set<string>, seenFragments: Set<string>): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collectRootFields(document, selection.selectionSet, names, seenFragments);
    else if (!seenFragments.has(selection.name.value)) {
      seenFragments.add(selection.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) collectRootFields(document, fragment.selectionSet, names, seenFragments);
    }
  }
}
