import { visit, type DocumentNode, type GraphQLError } from 'graphql';
import { badUserInput } from '../errors/errors.js';

/**
 * Text PostgreSQL cannot store, wherever the string would go (a record, a
 * filter, a look-up by ID, a webhook's JSON payload): U+0000, which text
 * columns refuse, and a lone UTF-16 surrogate (half of an emoji), which jsonb
 * refuses. Rather than let every service meet that as a database error, an
 * operation whose arguments carry one is refused before it runs, naming the
 * argument: in the document's own literals (checked once per parsed
 * document) or in its variables.
 */
export function refuseUnstorableText(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | undefined {
  let inDocument = checkedDocuments.get(document);
  if (inDocument === undefined) checkedDocuments.set(document, (inDocument = unstorableInLiterals(document) ?? null));
  const found = inDocument ?? (variables ? unstorableInValue(variables, []) : undefined);
  if (!found) return undefined;
  return badUserInput(formField(found.path), `${found.path} contains ${found.what}, which cannot be stored. Remove it and try again.`);
}

/**
 * The field as the services name it in their own BAD_USER_INPUT (and a form
 * shows the error beside): the input's field without the argument or
 * variable around it and without list positions, `$input.emails.2` -> `emails`.
 */
function formField(path: string): string {
  const parts = path.replace(/^\$/, '').split('.').filter((part) => !/^\d+$/.test(part));
  return (parts.length > 1 ? parts.slice(1) : parts).join('.');
}

interface Found {
  path: string;
  what: string;
}

const checkedDocuments = new WeakMap<DocumentNode, Found | null>();

/** A surrogate that is not half of a pair: one pass, no backtracking. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character (\\u0000)';
  if (loneSurrogate.test(text)) return 'half of a character (a lone UTF-16 surrogate)';
  return undefined;
}

/** The argument (with the input field inside it) of the first string literal holding unstorable text. */
function unstorableInLiterals(document: DocumentNode): Found | undefined {
  const path: string[] = [];
  let found: Found | undefined;
  visit(document, {
    Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    StringValue(node) {
      const what = found === undefined ? unstorable(node.value) : undefined;
      if (what) found = { path: path.join('.') || 'a string in the operation', what };
    },
  });
  return found;
}

/** The variable (with the path inside it) of the first string holding unstorable text. */
function unstorableInValue(value: unknown, path: string[]): Found | undefined {
  if (typeof value === 'string') {
    const what = unstorable(value);
    return what ? { path: `$${path.join('.')}`, what } : undefined;
  }
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : value !== null && typeof value === 'object' ? Object.entries(value) : [];
  for (const [key, inner] of entries) {
    const found = unstorableInValue(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
