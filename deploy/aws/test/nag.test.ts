import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { synth } from './helpers';

/** Runs the AwsSolutions pack over a construct tree; returns "rule @ path" for every finding left. */
function findings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks(scope).validateScope(scope);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`));
}

function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  const walk = (c: IConstruct) => {
    for (const m of c.node.metadata) {
      if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        for (const [id, reason] of Object.entries(m.data as Record<string, string>)) out.push({ path: c.node.path, id, reason });
      }
    }
    c.node.children.forEach(walk);
  };
  walk(scope);
  return out;
}

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['defaults', {}],
    ['multi-AZ with deletion protection', { multiAz: 'true', deletionProtection: 'true' }],
    [
      'custom domain, API origin, admin and e-mail',
      {
        domainName: 'app.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-1111-2222-3333-444455556666',
        apiOriginDomain: 'api.example.org',
        adminPrincipalArn: 'arn:aws:iam::123456789012:role/Admin',
        alertEmail: 'oncall@example.org',
      },
    ],
  ])('zero unsuppressed findings (%s)', (_name, context) => {
    const { app } = synth(context);
    expect(findings(app)).toEqual([]);
  });

  test('every suppression carries a written reason', () => {
    const acks = acknowledgements(synth().app);
    expect(acks.length).toBeGreaterThan(10);
    for (const a of acks) {
      expect({ id: a.id, reasonLongEnough: a.reason.trim().length >= 40 }).toEqual({ id: a.id, reasonLongEnough: true });
    }
  });

  test('suppressions are not blanket: multi-AZ and deletion protection findings go away only by turning them on', () => {
    const ids = (ctx: Record<string, string>) => acknowledgements(synth(ctx).app).map((a) => a.id);
    expect(ids({}).some((i) => i.includes('AwsSolutions-RDS3'))).toBe(true);
    const hardened = ids({ multiAz: 'true', deletionProtection: 'true' });
    expect(hardened.some((i) => i.includes('AwsSolutions-RDS3'))).toBe(false);
    expect(hardened.some((i) => i.includes('AwsSolutions-RDS10'))).toBe(false);
  });

  test('the checks do report a finding that is not suppressed (the harness is live)', () => {
    const app = new App();
    const stack = new Stack(app, 'Probe');
    new s3.Bucket(stack, 'Open');
    const role = new iam.Role(stack, 'Wild', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    const found = findings(app);
    expect(found.some((f) => f.startsWith('AwsSolutions-S1 '))).toBe(true);
    expect(found.some((f) => f.startsWith('AwsSolutions-IAM5[Action::s3:*]'))).toBe(true);
  });
});
