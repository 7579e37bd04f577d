#!/usr/bin/env node
// Registers the TypeScript loader, then runs the CLI (the package ships TypeScript sources).
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
