// The Firefox build of the extension passes Mozilla's linter (web-ext lint, from
// extension/node_modules): no errors. Warnings are printed for the record.
// LINKLENS_FIREFOX_DIR: the unpacked Firefox build.
import './tools_node.mjs';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Run by this (pinned) node, not through the .bin shebang, which would pick whatever node is on PATH.
const webExt = path.join(repo, 'extension', 'node_modules', 'web-ext', 'bin', 'web-ext.js');

test('web-ext lint: no errors', () => {
  let out;
  try {
    out = execFileSync(process.execPath, [webExt, 'lint', '--source-dir', process.env.LINKLENS_FIREFOX_DIR, '--output', 'json', '--no-config-discovery'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stdout;  // web-ext exits non-zero on errors; the JSON says which
  }
  const result = JSON.parse(out);
  for (const m of [...result.errors, ...result.warnings]) console.log(`  ${m._type} ${m.code} ${m.file ?? ''}: ${m.message}`);
  assert.equal(result.errors.length, 0, JSON.stringify(result.errors, null, 2));
  console.log(`  web-ext lint: ${result.errors.length} errors, ${result.warnings.length} warnings, ${result.notices.length} notices`);
});
