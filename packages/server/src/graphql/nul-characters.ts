import { visit, type DocumentNode, type GraphQLError } from 'graphql';
import { badUserInput } from './errors.js';

/**
 * PostgreSQL refuses U+0000 in text ("invalid byte sequence"), wherever the
 * string would go: a record, a filter, a look-up by ID. Rather than let every
 * service meet that as a database error, an operation whose arguments carry
 * one is refused before it runs, naming the argument: in the document's own
 * literals (checked once per parsed document) or in its variables.
 */
export function refuseNulCharacters(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | undefined {
  let inDocument = checkedDocuments.get(document);
  if (inDocument === undefined) checkedDocuments.set(document, (inDocument = nulInLiterals(document) ?? null));
  const found = inDocument ?? (variables ? nulInValue(variables, []) : undefined);
  if (!found) return undefined;
  return badUserInput(found, `${found} contains a NUL character (\\u0000), which cannot be stored. Remove it and try again.`);
}

const checkedDocuments = new WeakMap<DocumentNode, string | null>();

/** The argument (with the input field inside it) of the first string literal holding U+0000. */
function nulInLiterals(document: DocumentNode): string | undefined {
  const path: string[] = [];
  let found: string | undefined;
  visit(document, {
    Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    StringValue(node) {
      if (found === undefined && node.value.includes('\u0000')) found = path.join('.') || 'a string in the operation';
    },
  });
  return found;
}

/** The variable (with the path inside it) of the first string holding U+0000. */
function nulInValue(value: unknown, path: string[]): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? `$${path.join('.')}` : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulInValue(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = nulInValue(inner, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
