import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { CfnElement } from 'aws-cdk-lib';
import { asArray, onlyResource, statementsOfRole, synth } from './helpers';

const { stack, template } = synth();
const logicalId = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnElement);

describe('network', () => {
  test('VPC with public, private and isolated subnets in two AZs and exactly one NAT gateway', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    const subnets = Object.values(template.findResources('AWS::EC2::Subnet'));
    const publicOnes = subnets.filter((s) => s.Properties.MapPublicIpOnLaunch === true);
    expect(publicOnes).toHaveLength(2);
    // The load balancer controller finds its subnets by these tags.
    template.hasResourceProperties('AWS::EC2::Subnet', {
      MapPublicIpOnLaunch: true,
      Tags: Match.arrayWith([{ Key: 'kubernetes.io/role/elb', Value: '1' }]),
    });
    template.hasResourceProperties('AWS::EC2::Subnet', {
      MapPublicIpOnLaunch: false,
      Tags: Match.arrayWith([{ Key: 'kubernetes.io/role/internal-elb', Value: '1' }]),
    });
  });

  test('VPC flow logs are on', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'REJECT' });
  });
});

describe('EKS', () => {
  test('a managed node group of one node: min 1, desired 1, max 3', () => {
    const ng = onlyResource(template, 'AWS::EKS::Nodegroup');
    expect(ng.props.ScalingConfig).toEqual({ MinSize: 1, DesiredSize: 1, MaxSize: 3 });
    expect(ng.props.InstanceTypes).toEqual(['t3.medium']);
    expect(ng.props.AmiType).toBe('AL2023_x86_64_STANDARD');
  });

  test('not Auto Mode: no compute config, no default capacity besides the node group', () => {
    const cluster = onlyResource(template, 'AWS::EKS::Cluster');
    expect(cluster.props.ComputeConfig?.Enabled ?? false).toBe(false);
    template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 0);
  });

  test('node root volumes are encrypted (EBS) and IMDSv2 is required', () => {
    const ng = onlyResource(template, 'AWS::EKS::Nodegroup');
    const lt = onlyResource(template, 'AWS::EC2::LaunchTemplate');
    expect(ng.props.LaunchTemplate.Id).toEqual({ Ref: lt.id });
    const data = lt.props.LaunchTemplateData;
    expect(data.BlockDeviceMappings).toHaveLength(1);
    expect(data.BlockDeviceMappings[0].Ebs.Encrypted).toBe(true);
    expect(data.MetadataOptions.HttpTokens).toBe('required');
    expect(ng.props.DiskSize).toBeUndefined();
  });

  test('Kubernetes secrets are envelope-encrypted with a rotating KMS key', () => {
    const cluster = onlyResource(template, 'AWS::EKS::Cluster');
    const keyRef = cluster.props.EncryptionConfig[0].Provider.KeyArn;
    expect(cluster.props.EncryptionConfig[0].Resources).toEqual(['secrets']);
    const keyId = keyRef['Fn::GetAtt'][0];
    template.hasResource('AWS::KMS::Key', {});
    expect(template.toJSON().Resources[keyId].Properties.EnableKeyRotation).toBe(true);
  });

  test('control plane logs and an endpoint that is public (IAM-authenticated, CIDR-limited) and private', () => {
    const cluster = onlyResource(template, 'AWS::EKS::Cluster');
    const types = cluster.props.Logging.ClusterLogging.EnabledTypes.map((t: { Type: string }) => t.Type);
    expect(types).toEqual(expect.arrayContaining(['api', 'audit', 'authenticator']));
    expect(cluster.props.ResourcesVpcConfig.EndpointPrivateAccess).toBe(true);
    expect(cluster.props.ResourcesVpcConfig.PublicAccessCidrs).toEqual(['0.0.0.0/0']);
    const narrowed = synth({ clusterEndpointCidrs: '203.0.113.0/24, 198.51.100.7/32' }).template;
    expect(onlyResource(narrowed, 'AWS::EKS::Cluster').props.ResourcesVpcConfig.PublicAccessCidrs).toEqual([
      '203.0.113.0/24',
      '198.51.100.7/32',
    ]);
  });

  test('VPC CNI add-on with network policy enforcement', () => {
    const addons = Object.values(template.findResources('AWS::EKS::Addon')).filter((a) => a.Properties.AddonName === 'vpc-cni');
    expect(addons).toHaveLength(1);
    const addon = { props: addons[0].Properties };
    expect(addon.props.AddonName).toBe('vpc-cni');
    expect(JSON.parse(addon.props.ConfigurationValues)).toEqual({ enableNetworkPolicy: 'true' });
  });

  test('EBS CSI driver (IRSA) and an encrypted gp3 default StorageClass for the monitoring volumes', () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'aws-ebs-csi-driver',
      ServiceAccountRoleArn: { 'Fn::GetAtt': [logicalId(stack.ebsCsiRole), 'Arn'] },
    });
    const manifests = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).map((r) =>
      JSON.stringify(r.Properties.Manifest),
    );
    const sc = manifests.find((m) => m.includes('StorageClass'))!;
    expect(sc).toContain('ebs.csi.aws.com');
    expect(sc).toContain('\\"encrypted\\":\\"true\\"');
    expect(sc).toContain('is-default-class');
  });

  test('AWS Load Balancer Controller and cluster autoscaler are installed with Helm', () => {
    const charts = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).map((c) => c.Properties);
    const byChart = Object.fromEntries(charts.map((c) => [c.Chart, c]));
    expect(Object.keys(byChart).sort()).toEqual(['aws-load-balancer-controller', 'cluster-autoscaler']);
    expect(byChart['cluster-autoscaler'].Namespace).toBe('kube-system');
    const values = JSON.stringify(byChart['cluster-autoscaler'].Values);
    expect(values).toContain('autoDiscovery');
    expect(values).toContain('"create\\":false');
    expect(values).toContain('v1.35');
    expect(onlyResource(template, 'AWS::EKS::Cluster').props.Version).toBe('1.35');
  });

  test('cluster autoscaler role (IRSA): scaling writes only on tagged Auto Scaling groups', () => {
    const sa = stack.cluster.node.findChild('ClusterAutoscalerSa') as unknown as { role: { node: any } };
    const statements = statementsOfRole(template, logicalId(sa.role));
    const writes = statements.filter((s) => asArray(s.Action).includes('autoscaling:SetDesiredCapacity'));
    expect(writes).toHaveLength(1);
    expect(writes[0].Condition.StringEquals).toBeDefined();
    // Its trust is the cluster's OIDC issuer for kube-system:cluster-autoscaler.
    const trust = JSON.stringify(template.toJSON().Resources[logicalId(sa.role)].Properties.AssumeRolePolicyDocument);
    expect(trust).toContain('sts:AssumeRoleWithWebIdentity');
  });
});

describe('management access without SSH', () => {
  test('no key pair, no remote access, no port 22 in any security group', () => {
    const ng = onlyResource(template, 'AWS::EKS::Nodegroup');
    expect(ng.props.RemoteAccess).toBeUndefined();
    expect(onlyResource(template, 'AWS::EC2::LaunchTemplate').props.LaunchTemplateData.KeyName).toBeUndefined();
    template.resourceCountIs('AWS::EC2::KeyPair', 0);
    const rules: any[] = [];
    for (const sg of Object.values(template.findResources('AWS::EC2::SecurityGroup'))) {
      rules.push(...asArray(sg.Properties.SecurityGroupIngress));
    }
    for (const r of Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))) rules.push(r.Properties);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      const from = r.FromPort ?? 0;
      const to = r.ToPort ?? 65535;
      const coversSsh = r.IpProtocol === '-1' || (from <= 22 && to >= 22);
      expect({ rule: r, coversSsh }).toEqual({ rule: r, coversSsh: false });
    }
  });

  test('the node role carries AmazonSSMManagedInstanceCore (Session Manager)', () => {
    const ng = onlyResource(template, 'AWS::EKS::Nodegroup');
    const roleId = ng.props.NodeRole['Fn::GetAtt'][0];
    const managed = JSON.stringify(template.toJSON().Resources[roleId].Properties.ManagedPolicyArns);
    expect(managed).toContain('AmazonSSMManagedInstanceCore');
    expect(managed).toContain('AmazonEKSWorkerNodePolicy');
  });
});

describe('ECR', () => {
  test('api, web and alert-analyzer repositories: scan on push, immutable tags, lifecycle', () => {
    const repos = Object.values(template.findResources('AWS::ECR::Repository')).map((r) => r.Properties);
    expect(repos.map((r) => r.RepositoryName).sort()).toEqual([
      'pawnotes-alert-analyzer',
      'pawnotes-api',
      'pawnotes-web',
    ]);
    for (const r of repos) {
      expect(r.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
      expect(r.ImageTagMutability).toBe('IMMUTABLE');
      const rules = JSON.parse(r.LifecyclePolicy.LifecyclePolicyText).rules;
      expect(rules.map((x: any) => x.selection.tagStatus).sort()).toEqual(['any', 'untagged']);
    }
  });
});

describe('RDS PostgreSQL', () => {
  const db = () => onlyResource(template, 'AWS::RDS::DBInstance');

  test('PostgreSQL 15, encrypted, not publicly accessible, in isolated subnets', () => {
    const p = db().props;
    expect(p.Engine).toBe('postgres');
    expect(p.EngineVersion).toMatch(/^15\./);
    expect(p.StorageEncrypted).toBe(true);
    expect(p.PubliclyAccessible).toBe(false);
    const subnetGroup = onlyResource(template, 'AWS::RDS::DBSubnetGroup').props;
    const isolated = stack.vpc.isolatedSubnets.map((s) => ({ Ref: logicalId(s) }));
    expect(subnetGroup.SubnetIds).toEqual(isolated);
  });

  test('credentials are generated into Secrets Manager, not in the template', () => {
    const p = db().props;
    expect(JSON.stringify(p.MasterUserPassword)).toContain('resolve:secretsmanager');
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'pawnotes/database',
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
    });
  });

  test('its security group admits PostgreSQL only from the EKS cluster security group', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
    expect(ingress[0].SourceSecurityGroupId).toEqual({
      'Fn::GetAtt': [logicalId(stack.cluster), 'ClusterSecurityGroupId'],
    });
    expect(ingress[0].CidrIp).toBeUndefined();
    const dbSg = Object.values(template.findResources('AWS::EC2::SecurityGroup')).find((sg) =>
      String(sg.Properties.GroupDescription).includes('PostgreSQL'),
    )!;
    expect(dbSg.Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('multi-AZ follows context multiAz (default off)', () => {
    expect(db().props.MultiAZ).toBe(false);
    const multi = synth({ multiAz: 'true' }).template;
    expect(onlyResource(multi, 'AWS::RDS::DBInstance').props.MultiAZ).toBe(true);
  });

  test('TLS is forced and a final snapshot is kept on delete', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
    const resource = template.toJSON().Resources[db().id];
    expect(resource.DeletionPolicy).toBe('Snapshot');
  });
});

describe('web app: S3 + CloudFront', () => {
  const webBucketId = () => logicalId(stack.webBucket);

  test('every bucket blocks public access, is encrypted and refuses plain HTTP', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const [id, b] of Object.entries(buckets)) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
        SSEAlgorithm: 'AES256',
      });
      const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
        (p) => p.Properties.Bucket.Ref === id,
      )!;
      const denyHttp = policy.Properties.PolicyDocument.Statement.find(
        (s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      );
      expect(denyHttp).toBeDefined();
    }
  });

  test('the distribution reads the bucket through an origin access control (no OAI, no website endpoint)', () => {
    const oac = onlyResource(template, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.props.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const dist = onlyResource(template, 'AWS::CloudFront::Distribution').props.DistributionConfig;
    expect(dist.Origins).toHaveLength(1);
    expect(dist.Origins[0].OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oac.id, 'Id'] });
    expect(dist.Origins[0].S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(dist.Origins[0].DomainName).toEqual({ 'Fn::GetAtt': [webBucketId(), 'RegionalDomainName'] });
    expect(dist.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(dist.DefaultRootObject).toBe('index.html');
  });

  test('the bucket policy lets only this distribution read (cloudfront.amazonaws.com + AWS:SourceArn)', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === webBucketId(),
    )!;
    const allow = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allow[0].Action).toBe('s3:GetObject');
    const sourceArn = JSON.stringify(allow[0].Condition.StringEquals['AWS:SourceArn']);
    expect(sourceArn).toContain(logicalId(stack.distribution));
  });

  test('app routes get index.html from a viewer-request function on the S3 behaviour only', () => {
    const dist = onlyResource(template, 'AWS::CloudFront::Distribution').props.DistributionConfig;
    // No distribution-wide error pages: they would rewrite the API's 404/403 answers too.
    expect(dist.CustomErrorResponses).toBeUndefined();
    const fn = onlyResource(template, 'AWS::CloudFront::Function');
    expect(dist.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fn.id, 'FunctionARN'] } },
    ]);
    // The function's code, run on the requests it will see.
    const handler = new Function(`${fn.props.FunctionCode}; return handler;`)() as (e: unknown) => { uri: string };
    const route = (uri: string) => handler({ request: { uri } }).uri;
    expect(route('/')).toBe('/index.html');
    expect(route('/dogs/42/timeline')).toBe('/index.html');
    expect(route('/main-ABC123.js')).toBe('/main-ABC123.js');
    expect(route('/assets/pawnotes_core.wasm')).toBe('/assets/pawnotes_core.wasm');
  });

  test('context apiOriginDomain routes /api/* and /petclinic/* to the load balancer without caching', () => {
    const t = synth({ apiOriginDomain: 'k8s-pawnotes-0123456789.us-east-1.elb.amazonaws.com' }).template;
    const dist = onlyResource(t, 'AWS::CloudFront::Distribution').props.DistributionConfig;
    expect(dist.Origins).toHaveLength(2);
    const paths = dist.CacheBehaviors.map((b: any) => b.PathPattern).sort();
    expect(paths).toEqual(['/api/*', '/petclinic/*']);
    for (const b of dist.CacheBehaviors) {
      expect(b.AllowedMethods).toContain('POST');
      expect(b.FunctionAssociations).toBeUndefined();
    }
  });
});

describe('alerting: SNS and the alert analyzer', () => {
  test('the topic is encrypted with a customer KMS key and refuses plain HTTP', () => {
    const topic = onlyResource(template, 'AWS::SNS::Topic');
    const keyId = topic.props.KmsMasterKeyId['Fn::GetAtt'][0];
    expect(template.toJSON().Resources[keyId].Type).toBe('AWS::KMS::Key');
    const policy = onlyResource(template, 'AWS::SNS::TopicPolicy').props.PolicyDocument.Statement;
    expect(policy.some((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
  });

  test('the alert analyzer role may publish to that topic only (IRSA monitoring:alert-analyzer)', () => {
    const roleId = logicalId(stack.alertAnalyzerRole);
    const topicId = onlyResource(template, 'AWS::SNS::Topic').id;
    const statements = statementsOfRole(template, roleId);
    const actions = statements.flatMap((s) => asArray(s.Action)).sort();
    expect(actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'sns:Publish']);
    const publish = statements.find((s) => s.Action === 'sns:Publish');
    expect(publish.Resource).toEqual({ Ref: topicId });
    const trust = JSON.stringify(template.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument);
    expect(trust).toContain('sts:AssumeRoleWithWebIdentity');
    const conditions = Object.values(template.findResources('Custom::AWSCDKCfnJson')).map((c) => JSON.stringify(c.Properties.Value));
    const analyzer = conditions.find((c) => c.includes('system:serviceaccount:monitoring:alert-analyzer'));
    expect(analyzer).toContain('system:serviceaccount:pawnotes:pawnotes-alert-analyzer');
    // The API role's condition names exactly one subject: pawnotes:pawnotes (the chart's full name).
    const api = conditions.filter((c) => /system:serviceaccount:pawnotes:pawnotes\\*"/.test(c));
    expect(api).toHaveLength(1);
    expect(api[0]).not.toContain('alert-analyzer');
  });

  test('the API role may read the database secret and nothing else', () => {
    const statements = statementsOfRole(template, logicalId(stack.apiRole));
    const actions = statements.flatMap((s) => asArray(s.Action)).sort();
    expect(actions).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(statements[0].Resource).toEqual({ Ref: logicalId(stack.database.secret!) });
  });
});

describe('GitHub OIDC deploy role', () => {
  const trustOf = (t: typeof template, s: Stack & { deployRole: any }) =>
    t.toJSON().Resources[s.getLogicalId(s.deployRole.node.defaultChild)].Properties.AssumeRolePolicyDocument;

  test('trust is limited to this repository main branch (exact sub, audience sts)', () => {
    const trust = trustOf(template, stack);
    expect(trust.Statement).toHaveLength(1);
    const st = trust.Statement[0];
    expect(st.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(st.Principal.Federated).toEqual({ Ref: onlyGitHubProvider() });
    expect(st.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:pawnotes/pawnotes:ref:refs/heads/main',
      },
    });
  });

  test('the repository comes from context, and an existing provider can be reused', () => {
    const other = synth({
      githubRepository: 'acme-vets/pawnotes-fork',
      githubOidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    });
    const st = trustOf(other.template, other.stack).Statement[0];
    expect(st.Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe(
      'repo:acme-vets/pawnotes-fork:ref:refs/heads/main',
    );
    expect(st.Principal.Federated).toBe('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    // Only the cluster's own OIDC provider remains in the template.
    const urls = Object.values(other.template.findResources('AWS::IAM::OIDCProvider')).map((p) => p.Properties.Url);
    expect(urls).not.toContain('https://token.actions.githubusercontent.com');
  });

  test('least privilege: named resources, namespace-scoped Kubernetes access', () => {
    const statements = statementsOfRole(template, logicalId(stack.deployRole));
    for (const s of statements) {
      const actions = asArray(s.Action);
      if (s.Resource === '*') expect(actions).toEqual(['ecr:GetAuthorizationToken']);
      for (const a of actions) expect(a).not.toMatch(/^(\*|iam:|sts:|[a-z0-9]+:\*$)/);
    }
    const all = statements.flatMap((s) => asArray(s.Action));
    expect(all).toEqual(expect.arrayContaining(['ecr:PutImage', 'ecr:DescribeImages', 'eks:DescribeCluster', 's3:PutObject', 'cloudfront:CreateInvalidation']));
    const entries = Object.values(template.findResources('AWS::EKS::AccessEntry')).map((e) => e.Properties);
    const deployEntry = entries.find((e) => JSON.stringify(e.PrincipalArn).includes(logicalId(stack.deployRole)))!;
    expect(deployEntry.AccessPolicies).toHaveLength(1);
    expect(deployEntry.AccessPolicies[0].AccessScope).toEqual({ Type: 'namespace', Namespaces: ['pawnotes'] });
    expect(JSON.stringify(deployEntry.AccessPolicies[0].PolicyArn)).toContain('AmazonEKSAdminPolicy');
  });

  function onlyGitHubProvider(): string {
    const ids = Object.entries(template.findResources('AWS::IAM::OIDCProvider'))
      .filter(([, p]) => p.Properties.Url === 'https://token.actions.githubusercontent.com')
      .map(([id]) => id);
    expect(ids).toHaveLength(1);
    return ids[0];
  }
});

describe('Kubernetes objects created by the stack', () => {
  test('the application namespace exists before the deploy role (namespace-scoped) uses it', () => {
    const manifests = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).map((r) =>
      JSON.stringify(r.Properties.Manifest),
    );
    expect(manifests.some((m) => m.includes('aggregate-to-admin') && m.includes('servicemonitors'))).toBe(true);
    expect(manifests.some((m) => m.includes('\\"kind\\":\\"Namespace\\"') && m.includes('\\"name\\":\\"pawnotes\\"'))).toBe(true);
  });
});

describe('outputs the guide and deploy.yml read', () => {
  test('cluster, repositories, bucket, distribution, topic and roles are stack outputs', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    for (const o of [
      'ClusterName',
      'DatabaseSecretArn',
      'DatabaseEndpoint',
      'DatabaseSubnetCidrs',
      'PublicSubnetCidrs',
      'WebBucketName',
      'DistributionId',
      'DistributionDomain',
      'AlertTopicArn',
      'ApiRoleArn',
      'AlertAnalyzerRoleArn',
      'DeployRoleArn',
      'RepoApiUri',
      'RepoWebUri',
      'RepoAlertAnalyzerUri',
    ]) {
      expect(outputs).toContain(o);
    }
  });
});
