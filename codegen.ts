import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * schema.graphql (written by the server) + the operations of the web app and
 * the SDK -> typed documents and types in packages/sdk/src/generated, and
 * their names for the server's metrics (packages/server/src/metrics).
 * Never edit the generated files; `pnpm codegen:check` fails when they are stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['packages/web/src/**/*.graphql', 'packages/sdk/src/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  // Emit `.js` extensions, so the SDK's ESM build runs in Node as well as in bundlers.
  emitLegacyCommonJSImports: false,
  generates: {
    'packages/sdk/src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'gql' },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', DateTimeISO: 'string', ID: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        skipTypename: false,
        documentMode: 'documentNode',
      },
    },
    // The same operations' names, for the server's metrics labels (scripts/operation-names-codegen.cjs).
    'packages/server/src/metrics/client-operations.generated.ts': {
      plugins: ['./scripts/operation-names-codegen.cjs'],
    },
  },
  hooks: {},
};

export default config;
