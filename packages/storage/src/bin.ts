#!/usr/bin/env node
import { runStorageCommand } from './cli.js';
import { BaseError } from './errors.js';

// The CLI's output layer: one line saying what went wrong, exit 1.
runStorageCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof BaseError ? error.shortMessage : String(error);
    const details = error instanceof BaseError && error.details ? `\n${error.details}` : '';
    process.stderr.write(`error: ${message}${details}\n`);
    process.exit(1);
  },
);
