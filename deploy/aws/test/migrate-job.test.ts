/**
 * The migration Job of deploy.yml and the guide: rendered with the same substitution deploy.yml runs,
 * it must be a valid Job + NetworkPolicy that reads the Secret database-secret.sh writes.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const deployYml = fs.readFileSync(path.join(ROOT, '.github/workflows/deploy.yml'), 'utf8');

function render(cidrs: string): any[] {
  // The substitution lines of deploy.yml's migrate step, run by bash.
  const script = `
    SHA=0123456789abcdef0123 GITHUB_RUN_ATTEMPT=1
    api_repository=123456789012.dkr.ecr.eu-west-1.amazonaws.com/pawnotes-api
    job="pawnotes-migrate-\${SHA:0:12}-\${GITHUB_RUN_ATTEMPT}"
    peers=$(printf '%s\\n' "$CIDRS" | tr ',' '\\n' | sed 's/.*/{ipBlock: {cidr: &}}/' | paste -sd, -)
    sed -e "s|__JOB__|$job|" -e "s|__IMAGE__|$api_repository:$SHA|" -e "s|__DATABASE_PEERS__|[$peers]|" \\
      deploy/aws/k8s/migrate-job.yaml`;
  const out = execFileSync('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, CIDRS: cidrs }, encoding: 'utf8' });
  return parseAllDocuments(out).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}

test('deploy.yml renders the job with exactly this substitution', () => {
  expect(deployYml).toContain(`tr ',' '\\n' | sed 's/.*/{ipBlock: {cidr: &}}/' | paste -sd, -)`);
  expect(deployYml).toContain('-e "s|__JOB__|$job|" -e "s|__IMAGE__|$api_repository:$SHA|" -e "s|__DATABASE_PEERS__|[$peers]|"');
});

test('a Job that migrates with the new API image, as uid 10001, reading the database Secret', () => {
  const [job, policy] = render('10.40.96.0/24,10.40.97.0/24');
  expect(job.kind).toBe('Job');
  expect(job.metadata.name).toBe('pawnotes-migrate-0123456789ab-1');
  expect(job.spec.backoffLimit).toBe(1);
  const pod = job.spec.template.spec;
  expect(pod.restartPolicy).toBe('Never');
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
  const c = pod.containers[0];
  expect(c.image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/pawnotes-api:0123456789abcdef0123');
  expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  expect(c.env).toEqual([
    { name: 'PAWNOTES_DATABASE_URL', valueFrom: { secretKeyRef: { name: 'pawnotes', key: 'database-url' } } },
  ]);
  // database-secret.sh writes that Secret and key.
  const writer = fs.readFileSync(path.join(ROOT, 'deploy/aws/scripts/database-secret.sh'), 'utf8');
  expect(writer).toContain('--from-file=database-url=');
  expect(c.command.join(' ')).toContain('pawnotes.Database.open_url(os.environ["PAWNOTES_DATABASE_URL"])');

  expect(policy.kind).toBe('NetworkPolicy');
  expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'pawnotes-migrate' });
  expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('pawnotes-migrate');
  const [dns, db] = policy.spec.egress;
  expect(dns.ports.map((p: any) => p.port)).toEqual([53, 53]);
  expect(db.to).toEqual([{ ipBlock: { cidr: '10.40.96.0/24' } }, { ipBlock: { cidr: '10.40.97.0/24' } }]);
  expect(db.ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
  expect(policy.spec.ingress).toEqual([]);
});
