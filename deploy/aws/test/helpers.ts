import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ContextKey, readConfig } from '../lib/config';
import { PawnotesStack } from '../lib/pawnotes-stack';

/** The feature flags of cdk.json, so the tests synthesize exactly what `cdk synth` does. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8'),
).context;

export interface Synthesized {
  readonly app: App;
  readonly stack: PawnotesStack;
  readonly template: Template;
}

const cache = new Map<string, Synthesized>();

/** Builds the app as bin/pawnotes.ts does, with extra context; cached per context (synth is slow). */
export function synth(context: Partial<Record<ContextKey, string>> = {}): Synthesized {
  const key = JSON.stringify(Object.entries(context).sort());
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pawnotes-cdk-test-'));
  const app = new App({ outdir, context: { ...CDK_JSON_CONTEXT, ...context } });
  const stack = new PawnotesStack(app, 'Pawnotes', { config: readConfig(app.node) });
  const template = Template.fromStack(stack);
  const result = { app, stack, template };
  cache.set(key, result);
  return result;
}

/** `{ Ref: logicalId }` of the one resource of a type (fails when there is not exactly one). */
export function onlyResource(template: Template, type: string): { id: string; props: Record<string, any> } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}`);
  return { id: ids[0], props: found[ids[0]].Properties ?? {} };
}

/** Every IAM policy statement attached to a role (inline AWS::IAM::Policy resources naming it). */
export function statementsOfRole(template: Template, roleLogicalId: string): any[] {
  const out: any[] = [];
  for (const p of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const roles: any[] = p.Properties.Roles ?? [];
    if (roles.some((r) => r.Ref === roleLogicalId)) out.push(...p.Properties.PolicyDocument.Statement);
  }
  return out;
}

export function asArray<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}
