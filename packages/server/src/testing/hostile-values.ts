import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Requests that send every root field of the schema bad values, one argument
 * (or one field of an input argument) at a time, the rest plausible: for the
 * hostile-input suite, which expects typed errors only. Built from the schema
 * itself, so a new operation or argument is covered without being listed.
 */
export interface HostileCall {
  /** What was sent, for the failure report: `Mutation.createPerson input.lastName <NUL>`. */
  label: string;
  /** Whether anyone may call the operation (`@Public`): anonymous callers get past the access check. */
  isPublic: boolean;
  query: string;
  variables: Record<string, unknown>;
}

/** Values no string or ID argument should choke on. Their labels keep the failure report readable. */
const hostileStrings: [label: string, value: string][] = [
  ['<empty>', ''],
  ['<300 KB>', 'x'.repeat(300_000)],
  ['<NUL>', 'a\u0000b'],
  ['<e-mail regex bomb>', `a@${'x.'.repeat(20_000)}@`],
  ['<lone surrogate>', '\ud800'],
  ['<malformed percent-encoding>', '%E0%A4%A'],
  ['<SQL>', "1' or '1'='1"],
  ['<nil UUID>', '00000000-0000-0000-0000-000000000000'],
  ['<UUID too long>', '5f0c6a3e-8b7d-4c2a-9e1f-0a1b2c3d4e5f0'],
  ['<API key shape>', `kontor_live_abcdefghijkl_${'A'.repeat(43)}`],
  ['<forged cursor>', cursor(['not a date', '99999999999999999999999'])],
  ['<forged cursor: not JSON>', Buffer.from('{[').toString('base64url')],
  ['<date out of range>', '2026-02-30'],
  ['<year 275760>', '+275760-09-13T00:00:00.001Z'],
];

const hostileInts: [string, unknown][] = [
  ['-1', -1],
  ['0', 0],
  ['Int min', -2147483648],
  ['Int max', 2147483647],
  ['2^31', 2147483648],
  ['2^53', 2 ** 53],
  ['1.5', 1.5],
  ['"12"', '12'],
  ['"NaN"', 'NaN'],
];

const hostileFloats: [string, unknown][] = [
  ['-1', -1],
  ['-0', -0],
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['2^53 + 1', 2 ** 53 + 1],
  ['5e-324', 5e-324],
  ['"NaN"', 'NaN'],
  ['"Infinity"', 'Infinity'],
];

const inLists = new Set(['null', '<empty>', '<300 KB>', '<NUL>', '<nil UUID>', 'a number', 'unknown enum value', '-1', '2^53']);

function cursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** A plausible value by name, so that the one bad value is what gets judged (a valid e-mail beside a bad password). */
const plausibleByName: Record<string, unknown> = {
  email: 'hostile@example.com',
  password: 'correct horse battery',
  planCode: 'TEAM',
  locale: 'de',
  currency: 'EUR',
  country: 'DE',
  color: '#aabbcc',
  url: 'https://example.com/hook',
  website: 'https://example.com',
  iban: 'DE89370400440532013000',
  month: '2026-10',
};

/** A valid-looking ID that matches nothing. */
const unknownId = '5f0c6a3e-8b7d-4c2a-9e1f-0a1b2c3d4e5f';

function plausible(type: GraphQLInputType, name: string, depth = 0): unknown {
  if (isNonNullType(type)) return plausible(type.ofType, name, depth);
  if (isListType(type)) return [plausible(type.ofType, name, depth)];
  if (name in plausibleByName) return plausibleByName[name];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && depth < 4) value[field.name] = plausible(field.type, field.name, depth + 1);
    }
    return value;
  }
  switch (type.name) {
    case 'ID':
      return unknownId;
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
      return '2026-12-01T00:00:00.000Z';
    default:
      return /date$/i.test(name) ? '2026-12-01' : 'x';
  }
}

/** Bad values for a value of `type`; for input objects, each field in turn (down to `depth` levels). */
function hostile(type: GraphQLInputType, name: string, depth: number): [string, unknown][] {
  if (isNonNullType(type)) return [['null', null], ...hostile(type.ofType, name, depth)];
  if (isListType(type)) {
    return [
      ['2000 items', Array.from({ length: 2_000 }, () => plausible(type.ofType, name))],
      // Inside a list, a few of the element's bad values: the element's own handling is judged where it stands alone.
      ...hostile(type.ofType, name, depth)
        .filter(([label]) => inLists.has(label) || label.startsWith('.'))
        .map(([label, value]): [string, unknown] => [`[${label}]`, [value]]),
    ];
  }
  if (isEnumType(type)) return [['unknown enum value', 'NOT_A_VALUE'], ['number', 1]];
  if (isInputObjectType(type)) {
    const base = plausible(type, name) as Record<string, unknown>;
    const perField = depth <= 0 ? [] : Object.values(type.getFields()).flatMap((field) =>
      hostile(field.type, field.name, depth - 1).map(([label, value]): [string, unknown] => [`.${field.name} ${label}`, { ...base, [field.name]: value }]),
    );
    return [['a string', 'x'], ['unknown field', { ...base, notAField: 1 }], ...perField];
  }
  switch (type.name) {
    case 'Int':
      return hostileInts;
    case 'Float':
      return hostileFloats;
    case 'Boolean':
      return [['"true"', 'true'], ['0', 0]];
    default:
      return [...hostileStrings, ['a number', 12], ['an object', { a: 1 }]];
  }
}

/** A selection of the field's result: its plain leaves (resolvers of their own run too), or `__typename`. */
function selection(field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type);
  if (isLeafType(type)) return '';
  if (!isObjectType(type)) return '{ __typename }';
  const leaves = Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some(isRequiredArgument))
    .map((f) => f.name);
  return `{ __typename ${leaves.join(' ')} }`;
}

function callOf(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, args: GraphQLArgument[], variables: Record<string, unknown>): Pick<HostileCall, 'query' | 'variables'> {
  const declared = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return {
    query: `${operation} Hostile${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${selection(field)} }`,
    variables,
  };
}

export function hostileCalls(schema: GraphQLSchema): HostileCall[] {
  const calls: HostileCall[] = [];
  for (const [operation, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const required = field.args.filter(isRequiredArgument);
      const isPublic = (field.extensions?.access as { level?: string } | undefined)?.level === 'PUBLIC';
      const base = Object.fromEntries(required.map((arg) => [arg.name, plausible(arg.type, arg.name)]));
      for (const arg of field.args) {
        const args = required.includes(arg) ? required : [...required, arg];
        for (const [label, value] of hostile(arg.type, arg.name, 2)) {
          calls.push({ label: `${type!.name}.${field.name} ${arg.name} ${label}`, isPublic, ...callOf(operation, field, args, { ...base, [arg.name]: value }) });
        }
      }
    }
  }
  return calls;
}
