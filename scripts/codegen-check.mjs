#!/usr/bin/env node
// Fails when the generated SDK (packages/sdk/src/generated) or the operation
// names for the server's metrics differ from what GraphQL Code Generator makes
// of schema.graphql and the operations.
import { spawnSync } from 'node:child_process';

const generated = ['packages/sdk/src/generated', 'packages/server/src/metrics/client-operations.generated.ts'];
const codegen = spawnSync('pnpm', ['exec', 'graphql-codegen', '--config', 'codegen.ts', '--silent'], { stdio: 'inherit' });
if (codegen.status !== 0) process.exit(codegen.status ?? 1);
const status = spawnSync('git', ['status', '--porcelain', '--', ...generated], { encoding: 'utf8' });
if (status.stdout.trim() !== '') {
  console.error(`The generated SDK is stale; regenerated files differ from the committed ones:\n${status.stdout}Run \`pnpm codegen\` and commit ${generated.join(' and ')}.`);
  process.exit(1);
}
console.log('The generated SDK matches schema.graphql and the operations.');
