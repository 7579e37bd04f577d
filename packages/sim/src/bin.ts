import { runSimCommand } from './cli.js';

process.exitCode = await runSimCommand(process.argv.slice(2));
