#!/usr/bin/env node
// forge cannot download a compiler offline, so it calls this file as its `solc`.
// It answers the two things forge asks of a solc binary (`--version` and
// `--standard-json` on stdin) with the official solc-js build pinned in package.json.
'use strict';
const solc = require(
  require.resolve('solc', { paths: [__dirname + '/../contracts', __dirname + '/..'] }),
);

function version() {
  // solc-js reports e.g. "0.8.30+commit.73712a01.Emscripten.clang"; forge parses the
  // same "Version: x.y.z+commit..." line a native solc prints.
  return solc.version().replace('.Emscripten.clang', '');
}

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(
    `solc, the solidity compiler commandline interface\nVersion: ${version()}.Linux.g++\n`,
  );
  process.exit(0);
}
if (!args.includes('--standard-json')) {
  process.stderr.write(`tools/solc.cjs: unsupported arguments: ${args.join(' ')}\n`);
  process.exit(1);
}
{
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => {
    const input = Buffer.concat(chunks).toString('utf8');
    // forge passes absolute source paths plus --base-path/--include-path; solc-js has no
    // file system access, so resolve imports ourselves, confined to the allowed roots.
    const fs = require('node:fs');
    const path = require('node:path');
    const roots = [];
    for (let i = 0; i < args.length; i++) {
      if (['--base-path', '--include-path', '--allow-paths'].includes(args[i]) && args[i + 1]) {
        for (const p of args[i + 1].split(',')) roots.push(path.resolve(p));
      }
    }
    roots.push(process.cwd());
    const findImports = (p) => {
      const candidates = path.isAbsolute(p) ? [p] : roots.map((r) => path.join(r, p));
      for (const c of candidates) {
        const resolved = path.resolve(c);
        if (
          !roots.some((r) => resolved === r || resolved.startsWith(r + path.sep)) &&
          !path.isAbsolute(p)
        )
          continue;
        if (fs.existsSync(resolved)) return { contents: fs.readFileSync(resolved, 'utf8') };
      }
      return { error: `File not found: ${p}` };
    };
    process.stdout.write(solc.compile(input, { import: findImports }));
  });
}
