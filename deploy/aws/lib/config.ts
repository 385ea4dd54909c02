import { Node } from 'constructs';

/**
 * Every value the app reads from CDK context (`-c key=value` or cdk.json), with defaults that let
 * `cdk synth` run offline without an AWS account. Context given on the command line arrives as a
 * string, so booleans and lists are parsed here and validated: a bad value stops the synth with a
 * message instead of producing a half-configured environment.
 */
export interface PawnotesConfig {
  /** GitHub repository `owner/name` whose `main` branch may assume the deploy role. */
  readonly githubRepository: string;
  /** ARN of an existing GitHub OIDC provider (an account holds one per URL); empty = create it. */
  readonly githubOidcProviderArn: string;
  /** Run the database in two availability zones (doubles the RDS price). */
  readonly multiAz: boolean;
  /** Keep the database from being deleted by `cdk destroy` (a final snapshot is kept either way). */
  readonly deletionProtection: boolean;
  readonly dbInstanceType: string;
  readonly nodeInstanceType: string;
  readonly kubernetesNamespace: string;
  readonly helmRelease: string;
  /**
   * ServiceAccount names the chart gives the API (its full name: the release name when it contains
   * "pawnotes") and the alert analyzer, in kubernetesNamespace.
   */
  readonly apiServiceAccount: string;
  readonly alertAnalyzerServiceAccount: string;
  /** IAM role/user ARN given cluster-admin through an EKS access entry (your own identity); empty = none. */
  readonly adminPrincipalArn: string;
  /** CIDR blocks allowed to reach the public Kubernetes API endpoint. */
  readonly clusterEndpointCidrs: string[];
  /** Custom domain of the web app and the ACM certificate (us-east-1) for it; both or neither. */
  readonly domainName: string;
  readonly certificateArn: string;
  /** Host name of the API load balancer (known after the chart's Ingress exists); empty = no /api route. */
  readonly apiOriginDomain: string;
  /** E-mail address subscribed to the alert topic; empty = subscribe later. */
  readonly alertEmail: string;
}

export const DEFAULTS = {
  githubRepository: 'pawnotes/pawnotes',
  githubOidcProviderArn: '',
  multiAz: 'false',
  deletionProtection: 'false',
  dbInstanceType: 't4g.micro',
  nodeInstanceType: 't3.medium',
  kubernetesNamespace: 'pawnotes',
  helmRelease: 'pawnotes',
  apiServiceAccount: 'pawnotes',
  alertAnalyzerServiceAccount: 'pawnotes-alert-analyzer',
  adminPrincipalArn: '',
  clusterEndpointCidrs: '0.0.0.0/0',
  domainName: '',
  certificateArn: '',
  apiOriginDomain: '',
  alertEmail: '',
} as const;

export type ContextKey = keyof typeof DEFAULTS;

function parseBool(key: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new Error(`context ${key} must be true or false, got '${value}'`);
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ARN = /^arn:aws[a-z-]*:/;

/** Reads and validates the context; `overrides` (tests) win over the node's context. */
export function readConfig(node: Node, overrides: Partial<Record<ContextKey, string>> = {}): PawnotesConfig {
  const get = (key: ContextKey): string => {
    const o = overrides[key];
    if (o !== undefined) return o;
    const v: unknown = node.tryGetContext(key);
    if (v === undefined || v === null) return DEFAULTS[key];
    return String(v);
  };
  const problems: string[] = [];
  const githubRepository = get('githubRepository');
  if (!REPO.test(githubRepository)) problems.push(`githubRepository must be owner/name, got '${githubRepository}'`);
  const cidrs = get('clusterEndpointCidrs')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (cidrs.length === 0) problems.push('clusterEndpointCidrs must name at least one CIDR block');
  for (const c of cidrs) if (!CIDR.test(c)) problems.push(`clusterEndpointCidrs: '${c}' is not an IPv4 CIDR block`);
  for (const key of ['kubernetesNamespace', 'helmRelease', 'apiServiceAccount', 'alertAnalyzerServiceAccount'] as const) {
    if (!K8S_NAME.test(get(key))) problems.push(`${key} must be a Kubernetes name, got '${get(key)}'`);
  }
  for (const key of ['githubOidcProviderArn', 'adminPrincipalArn', 'certificateArn'] as const) {
    const v = get(key);
    if (v !== '' && !ARN.test(v)) problems.push(`${key} must be an ARN, got '${v}'`);
  }
  if ((get('domainName') === '') !== (get('certificateArn') === '')) {
    problems.push('domainName and certificateArn go together: give both or neither');
  }
  let multiAz = false;
  let deletionProtection = false;
  try {
    multiAz = parseBool('multiAz', get('multiAz'));
  } catch (e) {
    problems.push((e as Error).message);
  }
  try {
    deletionProtection = parseBool('deletionProtection', get('deletionProtection'));
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (problems.length > 0) throw new Error(`invalid context:\n  ${problems.join('\n  ')}`);
  return {
    githubRepository,
    githubOidcProviderArn: get('githubOidcProviderArn'),
    multiAz,
    deletionProtection,
    dbInstanceType: get('dbInstanceType'),
    nodeInstanceType: get('nodeInstanceType'),
    kubernetesNamespace: get('kubernetesNamespace'),
    helmRelease: get('helmRelease'),
    apiServiceAccount: get('apiServiceAccount'),
    alertAnalyzerServiceAccount: get('alertAnalyzerServiceAccount'),
    adminPrincipalArn: get('adminPrincipalArn'),
    clusterEndpointCidrs: cidrs,
    domainName: get('domainName'),
    certificateArn: get('certificateArn'),
    apiOriginDomain: get('apiOriginDomain'),
    alertEmail: get('alertEmail'),
  };
}
