#!/usr/bin/env node
// Launcher: the CLI is TypeScript run through tsx (no build step in this monorepo).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
