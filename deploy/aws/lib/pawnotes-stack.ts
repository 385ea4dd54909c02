import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { CfnElement, CfnJson, CfnOutput, Duration, Fn, RemovalPolicy, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { PawnotesConfig } from './config';

/** The three images of COMMON.md, pushed to ECR as `pawnotes-<name>:<commit sha>`. */
export const IMAGE_NAMES = ['api', 'web', 'alert-analyzer'] as const;

/** Kubernetes minor of the cluster; the kubectl layer and the cluster autoscaler image follow it. */
const KUBERNETES_VERSION = eks.KubernetesVersion.V1_35;
/** cluster-autoscaler chart 9.54.x ships appVersion 1.35; the image is pinned to the cluster's minor. */
const CLUSTER_AUTOSCALER_CHART_VERSION = '9.54.0';
const CLUSTER_AUTOSCALER_IMAGE_TAG = 'v1.35.2';
/** Namespace of Prometheus, Alertmanager, Loki and the alert analyzer (COMMON.md). */
export const MONITORING_NAMESPACE = 'monitoring';
/** RDS instance identifier (fixed, so its log groups can be created with a retention). */
const DB_INSTANCE_ID = 'pawnotes';

export interface PawnotesStackProps extends StackProps {
  readonly config: PawnotesConfig;
}

/**
 * The whole AWS environment of pawnotes in one environment-agnostic stack (no account or region at
 * synth time, so `cdk synth` needs no credentials):
 *
 *   VPC (2 AZs, public + private-with-egress + isolated subnets, one NAT gateway, flow logs)
 *   EKS (managed node group 1..3, cluster autoscaler, AWS Load Balancer Controller, VPC CNI with
 *        network policy enforcement, secrets encrypted with KMS, control plane logs, SSM, no SSH)
 *   ECR (api, web, alert-analyzer), RDS PostgreSQL 15 (private, encrypted, secret in Secrets Manager)
 *   S3 + CloudFront (origin access control) for the web app, SNS (KMS) for the alert analyzer
 *   IAM roles for service accounts (API, alert analyzer) and the GitHub OIDC deploy role.
 */
export class PawnotesStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly cluster: eks.Cluster;
  readonly nodegroup: eks.Nodegroup;
  readonly database: rds.DatabaseInstance;
  readonly webBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly alertTopic: sns.Topic;
  readonly repositories: Record<(typeof IMAGE_NAMES)[number], ecr.Repository>;
  readonly apiRole: iam.Role;
  readonly alertAnalyzerRole: iam.Role;
  readonly deployRole: iam.Role;
  readonly ebsCsiRole: iam.Role;

  constructor(scope: Construct, id: string, props: PawnotesStackProps) {
    super(scope, id, props);
    const cfg = props.config;

    // ---------------------------------------------------------------- network
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      // The default security group is attached to nothing here; restricting it needs a custom-resource Lambda.
      restrictDefaultSecurityGroup: false,
    });
    // Subnet tags the AWS Load Balancer Controller uses to place internet-facing and internal ALBs.
    for (const s of this.vpc.publicSubnets) Tags.of(s).add('kubernetes.io/role/elb', '1');
    for (const s of this.vpc.privateSubnets) Tags.of(s).add('kubernetes.io/role/internal-elb', '1');
    const flowLogGroup = new logs.LogGroup(this, 'VpcFlowLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    // ---------------------------------------------------------------- EKS
    const secretsKey = new kms.Key(this, 'ClusterSecretsKey', {
      description: 'pawnotes: envelope encryption of Kubernetes secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.cluster = new eks.Cluster(this, 'Cluster', {
      version: KUBERNETES_VERSION,
      vpc: this.vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      // EKS v2 defaults to Auto Mode; a classic managed node group is what the cost table assumes.
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      endpointAccess: eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...cfg.clusterEndpointCidrs),
      secretsEncryptionKey: secretsKey,
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
        eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
        eks.ClusterLoggingTypes.SCHEDULER,
      ],
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer') },
      albController: { version: eks.AlbControllerVersion.V3_2_2 },
    });
    const cluster = this.cluster;

    // Nodes: reachable only through SSM Session Manager. No key pair, no remote access block, so no
    // port 22 anywhere; IMDSv2 only; the root volume is encrypted.
    const nodeRole = new iam.Role(this, 'NodeRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSWorkerNodePolicy'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKS_CNI_Policy'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryReadOnly'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'),
      ],
    });
    const launchTemplate = new ec2.LaunchTemplate(this, 'NodeLaunchTemplate', {
      requireImdsv2: true,
      httpPutResponseHopLimit: 2,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(30, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            deleteOnTermination: true,
          }),
        },
      ],
    });
    this.nodegroup = cluster.addNodegroupCapacity('Nodes', {
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      instanceTypes: [new ec2.InstanceType(cfg.nodeInstanceType)],
      minSize: 1,
      desiredSize: 1,
      maxSize: 3,
      nodeRole,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplateSpec: {
        id: launchTemplate.launchTemplateId!,
        version: launchTemplate.latestVersionNumber,
      },
      labels: { 'pawnotes.dev/pool': 'default' },
    });

    // VPC CNI as a managed add-on with network policy enforcement, so the chart's NetworkPolicies
    // are enforced (without it they are accepted and ignored).
    const vpcCni = new eks.Addon(this, 'VpcCni', {
      cluster,
      addonName: 'vpc-cni',
      configurationValues: { enableNetworkPolicy: 'true' },
      preserveOnDelete: false,
    });
    vpcCni.node.addDependency(this.nodegroup);

    // EBS CSI driver (IRSA) and an encrypted gp3 default StorageClass: Prometheus, Alertmanager and Loki
    // keep their data on volumes, and EKS has no volume provisioner without it.
    const ebsCsiRole = irsaRoleFor(this, cluster, 'EbsCsiRole', ['kube-system:ebs-csi-controller-sa'],
      'EBS CSI driver controller: create, attach and delete the volumes of PersistentVolumeClaims');
    ebsCsiRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEBSCSIDriverPolicy'));
    this.ebsCsiRole = ebsCsiRole;
    const ebsCsi = new eks.CfnAddon(this, 'EbsCsi', {
      addonName: 'aws-ebs-csi-driver',
      clusterName: cluster.clusterName,
      serviceAccountRoleArn: ebsCsiRole.roleArn,
      resolveConflicts: 'OVERWRITE',
    });
    ebsCsi.node.addDependency(this.nodegroup);
    const storageClass = cluster.addManifest('Gp3StorageClass', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
    });
    storageClass.node.addDependency(ebsCsi);

    // Cluster autoscaler (IRSA): scales the node group between its min and max. Auto-discovery uses
    // the tags EKS puts on a managed node group's Auto Scaling group.
    const autoscalerSa = cluster.addServiceAccount('ClusterAutoscalerSa', {
      name: 'cluster-autoscaler',
      namespace: 'kube-system',
    });
    autoscalerSa.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'autoscaling:DescribeAutoScalingGroups',
          'autoscaling:DescribeAutoScalingInstances',
          'autoscaling:DescribeLaunchConfigurations',
          'autoscaling:DescribeScalingActivities',
          'autoscaling:DescribeTags',
          'ec2:DescribeImages',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplateVersions',
          'ec2:GetInstanceTypesFromInstanceRequirements',
          'eks:DescribeNodegroup',
        ],
        resources: ['*'],
      }),
    );
    autoscalerSa.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
        resources: ['*'],
        conditions: {
          StringEquals: new CfnJson(this, 'AutoscalerTagCondition', {
            value: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster.clusterName}`]: 'owned' },
          }),
        },
      }),
    );
    const autoscaler = cluster.addHelmChart('ClusterAutoscaler', {
      chart: 'cluster-autoscaler',
      repository: 'https://kubernetes.github.io/autoscaler',
      version: CLUSTER_AUTOSCALER_CHART_VERSION,
      release: 'cluster-autoscaler',
      namespace: 'kube-system',
      wait: true,
      values: {
        cloudProvider: 'aws',
        awsRegion: this.region,
        autoDiscovery: { clusterName: cluster.clusterName },
        image: { tag: CLUSTER_AUTOSCALER_IMAGE_TAG },
        rbac: { serviceAccount: { create: false, name: 'cluster-autoscaler' } },
        extraArgs: {
          'balance-similar-node-groups': true,
          'skip-nodes-with-system-pods': false,
          expander: 'least-waste',
        },
      },
    });
    autoscaler.node.addDependency(autoscalerSa);
    autoscaler.node.addDependency(this.nodegroup);

    if (cfg.adminPrincipalArn !== '') {
      cluster.grantAccess('Admin', cfg.adminPrincipalArn, [
        eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', {
          accessScopeType: eks.AccessScopeType.CLUSTER,
        }),
      ]);
    }

    // ---------------------------------------------------------------- images
    const repositories = {} as Record<(typeof IMAGE_NAMES)[number], ecr.Repository>;
    for (const name of IMAGE_NAMES) {
      repositories[name] = new ecr.Repository(this, `Repo-${name}`, {
        repositoryName: `pawnotes-${name}`,
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        encryption: ecr.RepositoryEncryption.AES_256,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [
          { description: 'drop untagged layers after a week', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
          { description: 'keep the last 50 images', tagStatus: ecr.TagStatus.ANY, maxImageCount: 50 },
        ],
      });
    }
    this.repositories = repositories;

    // ---------------------------------------------------------------- database
    const dbSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSg', {
      vpc: this.vpc,
      description: 'pawnotes PostgreSQL: only from the EKS cluster',
      allowAllOutbound: false,
    });
    dbSecurityGroup.addIngressRule(cluster.clusterSecurityGroup, ec2.Port.tcp(5432), 'PostgreSQL from EKS nodes and pods');
    this.database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15_17 }),
      instanceType: new ec2.InstanceType(cfg.dbInstanceType),
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [dbSecurityGroup],
      publiclyAccessible: false,
      multiAz: cfg.multiAz,
      storageEncrypted: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      databaseName: 'pawnotes',
      credentials: rds.Credentials.fromGeneratedSecret('pawnotes', { secretName: 'pawnotes/database' }),
      backupRetention: Duration.days(7),
      deletionProtection: cfg.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      instanceIdentifier: DB_INSTANCE_ID,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      enablePerformanceInsights: false,
      autoMinorVersionUpgrade: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      parameterGroup: new rds.ParameterGroup(this, 'DatabaseParams', {
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15_17 }),
        parameters: { 'rds.force_ssl': '1' },
      }),
    });
    // The log groups RDS exports to, created here with a retention (instead of the log-retention Lambda).
    for (const log of ['postgresql', 'upgrade']) {
      const group = new logs.LogGroup(this, `DatabaseLog-${log}`, {
        logGroupName: `/aws/rds/instance/${DB_INSTANCE_ID}/${log}`,
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      this.database.node.addDependency(group);
    }
    const dbSecret = this.database.secret!;

    // ---------------------------------------------------------------- web app (S3 + CloudFront)
    const logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.webBucket = new s3.Bucket(this, 'WebBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 's3/web/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const certificate =
      cfg.certificateArn !== '' ? acm.Certificate.fromCertificateArn(this, 'WebCertificate', cfg.certificateArn) : undefined;
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    if (cfg.apiOriginDomain !== '') {
      // The API behind the ALB that the chart's Ingress creates: same origin as the app, no caching.
      const apiOrigin = new origins.HttpOrigin(cfg.apiOriginDomain, {
        protocolPolicy:
          certificate !== undefined ? cloudfront.OriginProtocolPolicy.HTTPS_ONLY : cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      });
      for (const path of ['/api/*', '/petclinic/*']) {
        additionalBehaviors[path] = {
          origin: apiOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        };
      }
    }
    // The Angular app routes in the browser: a path without a file extension is one of its routes and
    // gets index.html. Done per request on the S3 behaviour only (distribution-wide error responses
    // would also turn the API's 404 answers into index.html).
    const spaRouting = new cloudfront.Function(this, 'SpaRouting', {
      comment: 'pawnotes: app routes -> /index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  var last = request.uri.split('/').pop();",
          "  if (last === '' || last.indexOf('.') === -1) { request.uri = '/index.html'; }",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });
    this.distribution = new cloudfront.Distribution(this, 'WebDistribution', {
      comment: 'pawnotes web app',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.webBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
        functionAssociations: [{ function: spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors,
      domainNames: cfg.domainName !== '' ? [cfg.domainName] : undefined,
      certificate,
      minimumProtocolVersion: certificate !== undefined ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
    });

    // ---------------------------------------------------------------- alerts
    const topicKey = new kms.Key(this, 'AlertTopicKey', {
      description: 'pawnotes: encryption of the alert topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.alertTopic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'pawnotes alerts',
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (cfg.alertEmail !== '') this.alertTopic.addSubscription(new subs.EmailSubscription(cfg.alertEmail));

    // ---------------------------------------------------------------- IAM roles for service accounts
    // Plain roles trusted by the cluster's OIDC issuer for one service account each. The chart owns
    // the ServiceAccount objects and annotates them with these ARNs (stack outputs).
    const irsaRole = (id: string, subjects: string[], description: string) =>
      irsaRoleFor(this, cluster, id, subjects, description);
    const ns = cfg.kubernetesNamespace;
    this.apiRole = irsaRole('ApiRole', [`${ns}:${cfg.apiServiceAccount}`], 'pawnotes API pods: read the database secret');
    dbSecret.grantRead(this.apiRole);
    // The chart runs the analyzer in the release namespace; a stand-alone install (its README) in monitoring.
    this.alertAnalyzerRole = irsaRole(
      'AlertAnalyzerRole',
      [`${ns}:${cfg.alertAnalyzerServiceAccount}`, `${MONITORING_NAMESPACE}:alert-analyzer`],
      'pawnotes alert analyzer pods: publish to the alert topic',
    );
    // sns:Publish on this topic only, and the two KMS calls SNS makes with the topic's key.
    this.alertAnalyzerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.alertTopic.topicArn] }),
    );
    this.alertAnalyzerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [topicKey.keyArn] }),
    );

    // The application namespace, created here because the deploy role is admin of it only and may not
    // create namespaces itself.
    cluster.addManifest('AppNamespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'app.kubernetes.io/part-of': 'pawnotes' } },
    });
    // The chart's ServiceMonitor: Kubernetes' `admin` role (the deploy role's access policy) does not
    // cover the Prometheus Operator's resources, so they are aggregated into it.
    cluster.addManifest('MonitoringCrdsForAdmins', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: 'pawnotes-monitoring-crds-admin',
        labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
      },
      rules: [
        {
          apiGroups: ['monitoring.coreos.com'],
          resources: ['servicemonitors', 'podmonitors', 'prometheusrules'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
      ],
    });

    // ---------------------------------------------------------------- GitHub OIDC deploy role
    const githubProvider =
      cfg.githubOidcProviderArn !== ''
        ? iam.OidcProviderNative.fromOidcProviderArn(this, 'GitHubOidc', cfg.githubOidcProviderArn)
        : new iam.OidcProviderNative(this, 'GitHubOidc', {
            url: 'https://token.actions.githubusercontent.com',
            clientIds: ['sts.amazonaws.com'],
          });
    this.deployRole = new iam.Role(this, 'GitHubDeployRole', {
      description: `GitHub Actions deploy role: only ${cfg.githubRepository} on refs/heads/main`,
      assumedBy: new iam.WebIdentityPrincipal(githubProvider.oidcProviderArn, {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': `repo:${cfg.githubRepository}:ref:refs/heads/main`,
        },
      }),
      maxSessionDuration: Duration.hours(1),
    });
    const deploy = this.deployRole;
    // Push images: the token call has no resource; the push actions are limited to the three repos.
    deploy.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    for (const repo of Object.values(repositories)) {
      repo.grantPullPush(deploy);
      // release.yml skips a push when the commit's tag exists (tags are immutable).
      repo.grant(deploy, 'ecr:DescribeImages');
    }
    // Find the cluster for `aws eks update-kubeconfig`; Kubernetes rights come from the access entry.
    deploy.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [cluster.clusterArn] }),
    );
    // Read this stack's outputs (deploy/aws/scripts/stack-output.sh).
    deploy.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudformation:DescribeStacks'],
        resources: [this.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${this.stackName}/*` })],
      }),
    );
    // The deploy job turns the database secret into the Kubernetes Secret the chart reads.
    dbSecret.grantRead(deploy);
    // Frontend: sync the bucket, invalidate the distribution.
    deploy.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.webBucket.bucketArn] }),
    );
    deploy.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [this.webBucket.arnForObjects('*')],
      }),
    );
    this.distribution.grantCreateInvalidation(deploy);
    // In Kubernetes: admin of the application namespace only (not cluster-admin).
    cluster.grantAccess('GitHubDeploy', deploy.roleArn, [
      eks.AccessPolicy.fromAccessPolicyName('AmazonEKSAdminPolicy', {
        accessScopeType: eks.AccessScopeType.NAMESPACE,
        namespaces: [ns],
      }),
    ]);

    // ---------------------------------------------------------------- outputs (read by the guide and deploy.yml)
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out('ClusterName', cluster.clusterName, 'EKS cluster (aws eks update-kubeconfig --name ...)');
    out('NodegroupName', this.nodegroup.nodegroupName, 'managed node group');
    out('DatabaseEndpoint', this.database.dbInstanceEndpointAddress, 'RDS PostgreSQL host');
    out('DatabaseSubnetCidrs', Fn.join(',', this.vpc.isolatedSubnets.map((s) => s.ipv4CidrBlock)),
      'chart database.postgresql.cidrs (the API may reach only these)');
    out('PublicSubnetCidrs', Fn.join(',', this.vpc.publicSubnets.map((s) => s.ipv4CidrBlock)),
      'chart networkPolicy.ingressController.cidrs (the ALB sends from these)');
    out('DatabaseSecretArn', dbSecret.secretArn, 'Secrets Manager secret with the database credentials');
    out('WebBucketName', this.webBucket.bucketName, 'S3 bucket of the web app');
    out('DistributionId', this.distribution.distributionId, 'CloudFront distribution of the web app');
    out('DistributionDomain', this.distribution.distributionDomainName, 'URL of the web app');
    out('AlertTopicArn', this.alertTopic.topicArn, 'SNS topic of the alert analyzer (SNS_TOPIC_ARN)');
    out('ApiRoleArn', this.apiRole.roleArn, 'IRSA role of the API service account');
    out('AlertAnalyzerRoleArn', this.alertAnalyzerRole.roleArn, 'IRSA role of the alert analyzer service account');
    out('DeployRoleArn', deploy.roleArn, 'role GitHub Actions assumes (AWS_DEPLOY_ROLE_ARN)');
    out('AccessLogBucketName', logBucket.bucketName, 'S3 and CloudFront access logs (retained on destroy)');
    for (const name of IMAGE_NAMES) {
      out(`Repo${name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase())}Uri`,
        repositories[name].repositoryUri, `ECR repository of the ${name} image`);
    }

    this.suppressNagFindings(cfg);
  }

  /**
   * cdk-nag AwsSolutions findings that are accepted, each with the reason. Granular rules (IAM4,
   * IAM5) are acknowledged per finding, so a new wildcard or managed policy still fails the suite.
   */
  private suppressNagFindings(cfg: PawnotesConfig): void {
    const policy = (name: string) => `Policy::arn:<AWS::Partition>:iam::aws:policy/${name}`;
    const logicalId = (c: Construct) => this.getLogicalId(c.node.defaultChild as CfnElement);
    const kubectlHandler = this.cluster.node.findChild('KubectlProvider').node.findChild('Handler');
    acknowledge(this.cluster, [
      {
        id: 'AwsSolutions-EKS1',
        reason:
          'The public API endpoint is needed by GitHub-hosted runners (helm upgrade) and operators; it is IAM-authenticated and ' +
          'limited to the CIDR blocks of context clusterEndpointCidrs. Private access is on as well.',
      },
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'AWS managed policies that EKS and the aws-eks-v2 kubectl handler require for their own roles: the cluster ' +
          'service role (AmazonEKSClusterPolicy) and the kubectl Lambda (basic/VPC execution, ECR read for its image).',
        appliesTo: [
          policy('AmazonEKSClusterPolicy'),
          policy('service-role/AWSLambdaBasicExecutionRole'),
          policy('service-role/AWSLambdaVPCAccessExecutionRole'),
          policy('AmazonEC2ContainerRegistryReadOnly'),
          'Policy::{"Fn::If":["ClusterKubectlProviderHandlerHasEcrPublic69E09706",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}',
        ],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Cluster autoscaler: the autoscaling/ec2 Describe* calls have no resource-level permissions, and SetDesiredCapacity/' +
          'TerminateInstanceInAutoScalingGroup are conditioned on the k8s.io/cluster-autoscaler/<cluster> tag. The kubectl ' +
          'provider framework may invoke any version of its own handler function (<handler arn>:*).',
        appliesTo: ['Resource::*', `Resource::<${logicalId(kubectlHandler)}.Arn>:*`],
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'The kubectl handler and provider framework Lambdas are created by aws-cdk-lib with the runtime it pins.',
      },
      {
        id: 'CloudFormation-Validate::W9009',
        reason:
          'aws-eks-v2 writes EncryptionConfig.Resources = [secrets], which the CloudFormation schema marks deprecated but EKS ' +
          'still accepts; the property comes from aws-cdk-lib, not from this app.',
      },
    ]);
    const albArn = (r: string) => `Resource::arn:<AWS::Partition>:${r}`;
    acknowledge(this.cluster.albController!, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          "The AWS Load Balancer Controller's upstream IAM policy (as shipped by aws-eks-v2): Describe* calls without resource " +
          'scope, and writes on load balancers, listeners, rules, target groups and security groups it creates itself, ' +
          'whose names are not known in advance (the writes are conditioned on the elbv2.k8s.aws/cluster tag).',
        appliesTo: [
          'Resource::*',
          albArn('ec2:*:*:security-group/*'),
          albArn('elasticloadbalancing:*:*:loadbalancer/app/*/*'),
          albArn('elasticloadbalancing:*:*:loadbalancer/net/*/*'),
          albArn('elasticloadbalancing:*:*:targetgroup/*/*'),
          albArn('elasticloadbalancing:*:*:listener-rule/app/*/*/*'),
          albArn('elasticloadbalancing:*:*:listener-rule/net/*/*/*'),
          albArn('elasticloadbalancing:*:*:listener/app/*/*/*'),
          albArn('elasticloadbalancing:*:*:listener/net/*/*/*'),
        ],
      },
    ]);
    acknowledge(this.nodegroup.role, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'Node role of EKS managed nodes: AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and ' +
          'AmazonEC2ContainerRegistryReadOnly are the policies EKS documents for nodes; AmazonSSMManagedInstanceCore ' +
          'is the SSM Session Manager access path that replaces SSH.',
        appliesTo: [
          policy('AmazonEKSWorkerNodePolicy'),
          policy('AmazonEKS_CNI_Policy'),
          policy('AmazonEC2ContainerRegistryReadOnly'),
          policy('AmazonSSMManagedInstanceCore'),
        ],
      },
    ]);
    acknowledge(this.ebsCsiRole, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'AmazonEBSCSIDriverPolicy is the policy AWS maintains for the EBS CSI driver (volume create/attach/delete, ' +
          'tag-conditioned); a copy would drift from the driver versions the add-on installs.',
        appliesTo: [policy('service-role/AmazonEBSCSIDriverPolicy')],
      },
    ]);
    acknowledge(this.database, [
      {
        id: 'AwsSolutions-RDS11',
        reason:
          'The default port 5432 is kept: the security group admits only the EKS cluster security group, and a moved port ' +
          'is no control; every PostgreSQL client and the chart default to 5432.',
      },
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'No automatic rotation: the API reads the password when a pod starts, so a scheduled rotation would break ' +
          'running pods between rotation and restart. The deploy guide rotates by hand (rotate + helm upgrade).',
      },
      ...(cfg.multiAz
        ? []
        : [
            {
              id: 'AwsSolutions-RDS3',
              reason:
                'Single-AZ by default to keep the smallest environment cheap (multi-AZ doubles the RDS price); turn it on ' +
                'with -c multiAz=true. Automated backups (7 days) and a final snapshot cover the data.',
            },
          ]),
      ...(cfg.deletionProtection
        ? []
        : [
            {
              id: 'AwsSolutions-RDS10',
              reason:
                'Off by default so that `cdk destroy` leaves nothing billable (the removal policy keeps a final snapshot); ' +
                'production turns it on with -c deletionProtection=true.',
            },
          ]),
    ]);
    acknowledge(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A dog-training records app for clinics anywhere: no geo restriction is wanted.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No AWS WAF web ACL by default (about 5-10 USD/month plus requests, more than the app costs at this scale); ' +
          'the API enforces authentication itself. Attach a web ACL when the app is public.',
      },
      ...(cfg.certificateArn === ''
        ? [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without context domainName/certificateArn the distribution uses the default *.cloudfront.net certificate, ' +
                'on which CloudFront does not allow a minimum TLS version; with a certificate, TLSv1.2_2021 applies.',
            },
          ]
        : []),
      ...(cfg.apiOriginDomain !== '' && cfg.certificateArn === ''
        ? [
            {
              id: 'AwsSolutions-CFR5',
              reason:
                'Without a certificate the ALB listens on HTTP only, so CloudFront reaches it over HTTP inside AWS; ' +
                'viewers always use HTTPS. Give certificateArn (and an HTTPS listener) for HTTPS to the origin.',
            },
          ]
        : []),
    ]);
    acknowledge(this.deployRole, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'ecr:GetAuthorizationToken has no resource-level permissions (Resource *); the object actions of the frontend ' +
          'sync (Get/Put/DeleteObject) are on the objects of the web bucket only (<web bucket>/*); ' +
          'cloudformation:DescribeStacks is on this stack (its id ends in a generated suffix: stack/<name>/*).',
        appliesTo: [
          'Resource::*',
          `Resource::<${logicalId(this.webBucket)}.Arn>/*`,
          `Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/${this.stackName}/*`,
        ],
      },
    ]);
  }
}

/**
 * An IAM role for Kubernetes service accounts (IRSA): trusted by the cluster's OIDC issuer for the
 * given `namespace:name` subjects only, with the sts audience.
 */
function irsaRoleFor(scope: Construct, cluster: eks.Cluster, id: string, subjects: string[], description: string): iam.Role {
  const provider = cluster.openIdConnectProvider;
  const conditions = new CfnJson(scope, `${id}Condition`, {
    value: {
      [`${provider.openIdConnectProviderIssuer}:aud`]: 'sts.amazonaws.com',
      [`${provider.openIdConnectProviderIssuer}:sub`]: subjects.map((s) => `system:serviceaccount:${s}`),
    },
  });
  return new iam.Role(scope, id, {
    description,
    assumedBy: new iam.OpenIdConnectPrincipal(provider).withConditions({ StringEquals: conditions }),
    maxSessionDuration: Duration.hours(1),
  });
}

interface NagAcknowledgement {
  /** cdk-nag rule id (e.g. AwsSolutions-IAM5) or another validation id with its namespace. */
  readonly id: string;
  readonly reason: string;
  /** For granular rules: the findings accepted (`Resource::...`, `Action::...`, `Policy::...`). */
  readonly appliesTo?: string[];
}

/**
 * Acknowledges cdk-nag rules on a construct and everything under it (cdk-nag 3 reads the CDK
 * Validations acknowledgements of a resource and its ancestors). A reason is mandatory.
 */
function acknowledge(scope: Construct, rules: NagAcknowledgement[]): void {
  for (const rule of rules) {
    if (rule.reason.trim().length < 40) throw new Error(`suppression ${rule.id} needs a real reason`);
    const ids = rule.appliesTo === undefined ? [rule.id] : rule.appliesTo.map((finding) => `${rule.id}[${finding}]`);
    for (const id of ids) Validations.of(scope).acknowledge({ id, reason: rule.reason });
  }
}
