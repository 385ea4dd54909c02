/**
 * The shell scripts the guide and deploy.yml run against a deployed stack, run here against fakes of
 * the `aws` and `kubectl` command lines (no AWS from this machine). The fakes answer like the real
 * CLIs do for the exact calls the scripts make (text output of --query, YAML of --dry-run=client).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const SCRIPTS = path.resolve(__dirname, '..', 'scripts');
const PASSWORD = 'p@ss/w:rd+%?#&=x';

const OUTPUTS: Record<string, string> = {
  ClusterName: 'Cluster9EE0221C-0123456789abcdef',
  RepoApiUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/pawnotes-api',
  ApiRoleArn: 'arn:aws:iam::123456789012:role/Pawnotes-ApiRole',
  AlertAnalyzerRoleArn: 'arn:aws:iam::123456789012:role/Pawnotes-AlertAnalyzerRole',
  AlertTopicArn: 'arn:aws:sns:eu-west-1:123456789012:Pawnotes-AlertTopic',
  DatabaseSubnetCidrs: '10.40.96.0/24,10.40.97.0/24',
  PublicSubnetCidrs: '10.40.0.0/24,10.40.1.0/24',
  DatabaseSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pawnotes/database-AbCdEf',
};

const FAKE_AWS = `#!/usr/bin/env bash
# Fake aws CLI: the calls of deploy/aws/scripts/*.sh, answered from $FAKE/outputs.json and $FAKE/secret.json.
echo "aws $*" >> "$FAKE/aws.calls"
case "$1 $2" in
  "cloudformation describe-stacks")
    key=$(sed -n "s/.*OutputKey=='\\([A-Za-z]*\\)'.*/\\1/p" <<<"$*")
    python3 -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2]); print(v if v else "None")' "$FAKE/outputs.json" "$key" ;;
  "secretsmanager get-secret-value") cat "$FAKE/secret.json"; echo ;;
  "configure get") echo eu-west-1 ;;
  *) echo "fake aws: unexpected call: $*" >&2; exit 2 ;;
esac
`;

const FAKE_KUBECTL = `#!/usr/bin/env bash
# Fake kubectl: get secret (from $FAKE/existing.json, else NotFound), create secret --dry-run=client -o yaml,
# apply -f - (kept in $FAKE/applied.yaml).
echo "kubectl $*" >> "$FAKE/kubectl.calls"
args=("$@")
[ "\${args[0]}" = -n ] && args=("\${args[@]:2}")
case "\${args[0]} \${args[1]}" in
  "get secret")
    [ -f "$FAKE/existing.json" ] || { echo 'Error from server (NotFound): secrets "x" not found' >&2; exit 1; }
    key=$(sed -n 's/.*{\\.data\\.\\([a-z-]*\\)}.*/\\1/p' <<<"$*")
    python3 -c 'import json,sys,base64; v=json.load(open(sys.argv[1])).get(sys.argv[2],""); print(base64.b64encode(v.encode()).decode() if v else "", end="")' "$FAKE/existing.json" "$key" ;;
  "create secret")
    python3 - "\${args[@]}" <<'PY'
import base64, sys
name = sys.argv[3]
print("apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: " + name + "\\ndata:")
for a in sys.argv[4:]:
    if a.startswith("--from-file="):
        k, p = a[len("--from-file="):].split("=", 1)
        print("  " + k + ": " + base64.b64encode(open(p, "rb").read()).decode())
PY
    ;;
  "apply -f") cat > "$FAKE/applied.yaml" ;;
  *) echo "fake kubectl: unexpected call: $*" >&2; exit 2 ;;
esac
`;

function fakeEnv(existing?: Record<string, string>): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pawnotes-fake-aws-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'aws'), FAKE_AWS, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'kubectl'), FAKE_KUBECTL, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify(OUTPUTS));
  fs.writeFileSync(
    path.join(dir, 'secret.json'),
    JSON.stringify({
      username: 'pawnotes',
      password: PASSWORD,
      engine: 'postgres',
      host: 'pawnotes.abcdefghijkl.eu-west-1.rds.amazonaws.com',
      port: 5432,
      dbname: 'pawnotes',
    }),
  );
  if (existing !== undefined) fs.writeFileSync(path.join(dir, 'existing.json'), JSON.stringify(existing));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE: dir };
  delete env.GITHUB_ACTIONS;
  delete env.AWS_REGION;
  return { env, dir };
}

function appliedSecret(dir: string): Record<string, string> {
  const doc = parse(fs.readFileSync(path.join(dir, 'applied.yaml'), 'utf8'));
  expect(doc.kind).toBe('Secret');
  return Object.fromEntries(
    Object.entries(doc.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
  );
}

describe('stack-output.sh', () => {
  test('prints one output, and fails on an output the stack does not have', () => {
    const { env } = fakeEnv();
    const out = execFileSync('bash', [path.join(SCRIPTS, 'stack-output.sh'), 'ClusterName'], { env, encoding: 'utf8' });
    expect(out).toBe(`${OUTPUTS.ClusterName}\n`);
    const missing = spawnSync('bash', [path.join(SCRIPTS, 'stack-output.sh'), 'NoSuchOutput'], { env, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('has no output NoSuchOutput');
  });
});

describe('chart-values.sh', () => {
  test('writes values that point the production profile at this stack', () => {
    const { env } = fakeEnv();
    const out = execFileSync('bash', [path.join(SCRIPTS, 'chart-values.sh'), '0123abcd'], {
      env: { ...env, LLM_MODEL: 'gpt-test' },
      encoding: 'utf8',
    });
    const v = parse(out);
    expect(v.image).toEqual({ registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', tag: '0123abcd' });
    expect(v.serviceAccount.irsaRoleArn).toBe(OUTPUTS.ApiRoleArn);
    expect(v.database.engine).toBe('postgresql');
    expect(v.database.postgresql.cidrs).toEqual(['10.40.96.0/24', '10.40.97.0/24']);
    expect(v.networkPolicy.ingressController.cidrs).toEqual(['10.40.0.0/24', '10.40.1.0/24']);
    expect(v.alertAnalyzer.irsaRoleArn).toBe(OUTPUTS.AlertAnalyzerRoleArn);
    expect(v.alertAnalyzer.env).toMatchObject({ SNS_TOPIC_ARN: OUTPUTS.AlertTopicArn, SNS_REGION: 'eu-west-1', LLM_MODEL: 'gpt-test' });
    expect(v.ingress).toEqual({ host: '', certificateArn: '' });
  });
});

describe('database-secret.sh', () => {
  test('builds the database URL (password URL-encoded) and generates the other keys, printing no secret', () => {
    const { env, dir } = fakeEnv();
    const r = spawnSync('bash', [path.join(SCRIPTS, 'database-secret.sh'), 'pawnotes', 'pawnotes'], { env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const data = appliedSecret(dir);
    expect(data['database-url']).toBe(
      `postgresql://pawnotes:${encodeURIComponent(PASSWORD)}@pawnotes.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432/pawnotes`,
    );
    expect(new URL(data['database-url']).password).toBe(encodeURIComponent(PASSWORD));
    expect(decodeURIComponent(new URL(data['database-url']).password)).toBe(PASSWORD);
    expect(data['secret-key'].length).toBeGreaterThanOrEqual(32);
    expect(data['admin-username']).toBe('admin');
    expect(data['admin-password'].length).toBeGreaterThanOrEqual(24);
    const printed = r.stdout + r.stderr;
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), data['secret-key'], data['admin-password']]) {
      expect(printed).not.toContain(secret);
    }
    // Secrets never reach a command line (they would show in the process list and in `set -x`).
    const calls = fs.readFileSync(path.join(dir, 'kubectl.calls'), 'utf8') + fs.readFileSync(path.join(dir, 'aws.calls'), 'utf8');
    expect(calls).not.toContain(encodeURIComponent(PASSWORD));
    expect(calls).not.toContain(data['admin-password']);
  });

  test('keeps the secret key and the admin of an existing Secret', () => {
    const { env, dir } = fakeEnv({ 'secret-key': 'k'.repeat(40), 'admin-username': 'clinic-admin', 'admin-password': 'kept-password-123' });
    execFileSync('bash', [path.join(SCRIPTS, 'database-secret.sh')], { env });
    const data = appliedSecret(dir);
    expect(data['secret-key']).toBe('k'.repeat(40));
    expect(data['admin-username']).toBe('clinic-admin');
    expect(data['admin-password']).toBe('kept-password-123');
  });

  test('in GitHub Actions every derived secret is masked, and only in ::add-mask:: lines', () => {
    const { env, dir } = fakeEnv();
    const r = spawnSync('bash', [path.join(SCRIPTS, 'database-secret.sh')], { env: { ...env, GITHUB_ACTIONS: 'true' }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const data = appliedSecret(dir);
    const masks = r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length));
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), data['database-url'], data['secret-key'], data['admin-password']]) {
      expect(masks).toContain(secret);
    }
    const unmasked = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n') + r.stderr;
    expect(unmasked).not.toContain(encodeURIComponent(PASSWORD));
    expect(unmasked).not.toContain(data['admin-password']);
  });
});
