#!/usr/bin/env node
// Entry point of the `twilio-graphql` command. The CLI is TypeScript compiled to dist/ by
// `npm run build` (npm install runs it through the `prepare` script).
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('twilio-graphql: the build output is missing (dist/cli/main.js). Run "npm run build" first.\n');
    process.exit(1);
  }
  throw error;
}
process.exitCode = await cli.runCli(process.argv.slice(2));
