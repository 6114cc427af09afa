/**
 * GraphQL Code Generator config for client authors: typed documents for the operations in
 * ./operations, checked against twilio-schema.graphql. Run from the repository root:
 *   npm run codegen
 * Paths are relative to the repository root, where npm runs scripts.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'twilio-schema.graphql',
  documents: 'examples/codegen/operations/*.graphql',
  ignoreNoDocuments: false,
  // Relative imports with `.js`, as Node's ESM resolution (and TypeScript's NodeNext) require.
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/codegen/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Every scalar is typed; the gateway serialises them as these JSON values.
        strictScalars: true,
        scalars: { DateTime: 'string', JSON: 'unknown', URL: 'string' },
      },
    },
  },
};

export default config;
