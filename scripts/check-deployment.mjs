// Reads a deployment JSON, checks every address has code and that the timelock owns the
// protocol's parameters, then prints a summary. Used by the main job and the test suite.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [rpc, file] = process.argv.slice(2);
// The npm wrapper in node_modules/.bin always exits 0; the lib.sh caller passes the binary.
const cast =
  process.env.CAST ??
  join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'cast');
const call = (...args) =>
  execFileSync(cast, [...args, '--rpc-url', rpc], { encoding: 'utf8' }).trim();

let deployment;
try {
  deployment = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  process.stderr.write(`gridlight: cannot read deployment file ${file}: ${err.message}\n`);
  process.exit(1);
}
const names = [
  'GridlightToken',
  'TimelockController',
  'GridlightGovernor',
  'Staking',
  'NodeRegistry',
  'Reputation',
  'JobMarket',
  'RenderCertificate',
  'Emissions',
  'EmissionsPriceFeed',
];
const problems = [];
for (const name of names) {
  const address = deployment[name];
  if (!address || call('code', address) === '0x')
    problems.push(`${name} has no code at ${address}`);
}
const timelock = deployment.TimelockController?.toLowerCase();
for (const name of [
  'Staking',
  'NodeRegistry',
  'Reputation',
  'JobMarket',
  'Emissions',
  'EmissionsPriceFeed',
]) {
  const gov = call('call', deployment[name], 'governance()(address)').toLowerCase();
  if (gov !== timelock) problems.push(`${name} is governed by ${gov}, not the timelock`);
}
const minterRole = call('call', deployment.GridlightToken, 'MINTER_ROLE()(bytes32)');
const emissionsMints = call(
  'call',
  deployment.GridlightToken,
  'hasRole(bytes32,address)(bool)',
  minterRole,
  deployment.Emissions ?? '0x0000000000000000000000000000000000000000',
);
if (emissionsMints !== 'true') problems.push('Emissions does not hold the token MINTER_ROLE');
if (problems.length > 0) {
  process.stderr.write(`gridlight: deployment check failed:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
const supply = call('call', deployment.GridlightToken, 'totalSupply()(uint256)');
const lines = [
  `Gridlight deployed on chain ${deployment.chainId} (${rpc})`,
  ...names.map((n) => `  ${n.padEnd(20)} ${deployment[n]}`),
  `  GLT total supply     ${supply.split(' ')[0]} wei`,
  '  every parameter is owned by the TimelockController (checked)',
];
process.stdout.write(`${lines.join('\n')}\n`);
