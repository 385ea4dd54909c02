#!/usr/bin/env bash
# Prints one output of the deployed CDK stack: deploy/aws/scripts/stack-output.sh ClusterName
# Env: STACK (default Pawnotes), AWS_REGION / AWS profile as for the aws CLI.
set -euo pipefail
key=${1:?usage: stack-output.sh OUTPUT_KEY}
stack=${STACK:-Pawnotes}
value=$(aws cloudformation describe-stacks --stack-name "$stack" \
  --query "Stacks[0].Outputs[?OutputKey=='$key'].OutputValue" --output text)
if [ -z "$value" ] || [ "$value" = "None" ]; then
  echo "stack-output: stack $stack has no output $key" >&2
  exit 1
fi
printf '%s\n' "$value"
