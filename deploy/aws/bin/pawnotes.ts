#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../lib/config';
import { PawnotesStack } from '../lib/pawnotes-stack';

// Environment-agnostic on purpose: no `env`, so `cdk synth` needs no AWS credentials or lookups.
// `cdk deploy` takes the account and region from the caller's AWS profile.
const app = new App();
const config = readConfig(app.node);
new PawnotesStack(app, 'Pawnotes', {
  config,
  description: 'pawnotes: VPC, EKS, RDS PostgreSQL, ECR, S3 + CloudFront, SNS, IAM (deploy/aws)',
  tags: { project: 'pawnotes' },
});
// cdk-nag: any AwsSolutions finding that is not acknowledged with a reason interrupts the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
