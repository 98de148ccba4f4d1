#!/usr/bin/env node
// `npm start` and `npm test` for a newcomer with nothing but Node and npm:
// install with the pinned pnpm when node_modules is missing or older than the
// lock file, build what is missing or stale, then start the server or run
// every package's tests. Plain Node, no dependencies: it runs before any exist.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rootPackage = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const pnpmVersion = rootPackage.packageManager.replace(/^pnpm@/, '');

/** Packages in build order, each with what its build reads. */
const builds = [
  { name: '@kontor/sdk', dir: 'packages/sdk', inputs: ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'] },
  { name: '@kontor/server', dir: 'packages/server', inputs: ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'] },
  {
    name: '@kontor/web',
    dir: 'packages/web',
    inputs: ['src', 'public', 'index.html', 'package.json', 'tsconfig.json', 'vite.config.ts', '../sdk/dist'],
  },
];

const command = process.argv[2];
if (!['start', 'test', 'build'].includes(command)) {
  console.error('usage: node scripts/kontor.mjs start|test|build');
  process.exit(2);
}

const pnpm = pnpmCommand();
ensureInstalled();
ensureBuilt();
if (command === 'start') start();
else if (command === 'test') runTests();

function pnpmCommand() {
  const found = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (found.status === 0 && found.stdout.trim() === pnpmVersion) return ['pnpm'];
  // No pnpm, or another version: run the pinned one through npm (corepack is unreliable here).
  return ['npm', 'exec', '--yes', `pnpm@${pnpmVersion}`, '--'];
}

function run(args, options = {}) {
  const [bin, ...rest] = [...pnpm, ...args];
  const result = spawnSync(bin, rest, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`\n${[bin, ...rest].join(' ')} failed (exit code ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function ensureInstalled() {
  const marker = path.join(root, 'node_modules', '.modules.yaml');
  const inputs = ['pnpm-lock.yaml', 'package.json', 'pnpm-workspace.yaml', ...builds.map((b) => `${b.dir}/package.json`), 'e2e/package.json'];
  if (fs.existsSync(marker) && newestMtime(inputs.map((p) => path.join(root, p))) <= mtime(marker)) return;
  console.log(`Installing dependencies with pnpm ${pnpmVersion}…`);
  run(['install', '--frozen-lockfile'], { env: { ...process.env, PNPM_CONFIG_PM_ON_FAIL: 'ignore' } });
  fs.utimesSync(marker, new Date(), new Date());
}

function ensureBuilt() {
  for (const build of builds) {
    const dir = path.join(root, build.dir);
    const stamp = path.join(dir, 'dist', '.build-stamp');
    const newestInput = newestMtime(build.inputs.map((input) => path.join(dir, input)), stamp);
    if (fs.existsSync(stamp) && newestInput <= mtime(stamp)) continue;
    console.log(`Building ${build.name}…`);
    run(['--filter', build.name, 'build']);
    fs.writeFileSync(stamp, new Date().toISOString() + '\n');
  }
}

function start() {
  const child = spawn(process.execPath, ['packages/server/dist/main.js'], { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the server from the terminal directly; a signal sent to us alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Runs each package's tests in turn, then prints one closing line that sums them all. */
function runTests() {
  const reportDir = fs.mkdtempSync(path.join(root, 'node_modules', '.kontor-test-'));
  const suites = ['@kontor/server', '@kontor/sdk', '@kontor/web', '@kontor/e2e'];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let exitCode = 0;
  // Named again at the very end: a CI log is often read from its tail, far below the failure's own report.
  const failures = [];
  for (const suite of suites) {
    const report = path.join(reportDir, `${suite.replace(/\W/g, '_')}.json`);
    const [bin, ...rest] = [...pnpm, '--filter', suite, 'exec', 'vitest', 'run', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
    console.log(`\n=== ${suite}`);
    const result = spawnSync(bin, rest, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) exitCode = 1;
    if (fs.existsSync(report)) {
      const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
      passed += summary.numPassedTests;
      failed += summary.numFailedTests;
      skipped += summary.numPendingTests + summary.numTodoTests;
      failures.push(...failedTests(summary, suite));
    } else if (result.status !== 0) {
      failed += 1;
      failures.push(`${suite}: did not finish (exit code ${result.status ?? result.signal})`);
    }
  }
  fs.rmSync(reportDir, { recursive: true, force: true });
  if (failures.length > 0) console.log(`\nFailed:\n${failures.map((failure) => `- ${failure}`).join('\n')}`);
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(exitCode || (failed > 0 ? 1 : 0));
}

/** Each failed test of a vitest JSON report as one line: file, name, the first line of its error; or a file that failed to load. */
function failedTests(summary, suite) {
  const lines = [];
  for (const file of summary.testResults ?? []) {
    const where = path.relative(root, file.name);
    const failedHere = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedHere) lines.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    if (failedHere.length === 0 && file.status === 'failed') lines.push(`${where}: ${firstLine(file.message) || `failed in ${suite}`}`);
  }
  return lines;
}

function firstLine(text) {
  return (text ?? '').split('\n')[0].slice(0, 300);
}

function mtime(file) {
  return fs.statSync(file).mtimeMs;
}

/** The newest modification time of the given files and everything below the given folders. */
function newestMtime(paths, ignore) {
  let newest = 0;
  const visit = (p) => {
    if (p === ignore || !fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) if (entry !== 'node_modules') visit(path.join(p, entry));
  };
  paths.forEach(visit);
  return newest;
}
