#!/usr/bin/env node
import { runNodeCommand } from './cli.js';

process.exitCode = await runNodeCommand(process.argv.slice(2));
