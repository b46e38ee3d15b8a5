#!/usr/bin/env bash
# Writes a snapshot folder of one AWS account with the AWS CLI alone, in the
# layout assetql reads (docs/sources.md): the account your AWS CLI
# credentials reach (AWS_PROFILE, --profile in AWS_DEFAULT_PROFILE, SSO...).
#
#   examples/snapshot-with-aws-cli.sh OUT_DIR [REGION ...]
#
# Regions: those named, else every region the account has enabled. An answer
# that means "not configured" (no password policy: NoSuchEntity) is recorded
# as {"Error": {...}}, as is any other failed call, so that reading the folder
# back tells "not configured" (data) from "could not be read" (ERROR). It
# never leaves an empty file. Needs the AWS CLI v2 and base64.
set -euo pipefail

out=${1:?usage: $0 OUT_DIR [REGION ...]}
shift
mkdir -p "$out"

# run FILE AWS-ARGS...: what the command prints into FILE, or the error it answered.
run() {
  local file="$out/$1"
  shift
  mkdir -p "$(dirname "$file")"
  if aws "$@" --output json > "$file.tmp" 2> "$file.err"; then
    mv "$file.tmp" "$file"
  else
    # "An error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: ..."
    local code message
    code=$(sed -n 's/.*An error occurred (\([A-Za-z0-9_.]*\)).*/\1/p' "$file.err" | head -n 1)
    message=$(sed -n 's/.*operation: //p' "$file.err" | head -n 1 | sed 's/\\/\\\\/g; s/"/\\"/g')
    printf '{"Error": {"Code": "%s", "Message": "%s"}}\n' "${code:-CommandFailed}" "$message" > "$file"
    rm -f "$file.tmp"
    echo "recorded $1: ${code:-CommandFailed}" >&2
  fi
  rm -f "$file.err"
}

account=$(aws sts get-caller-identity --query Account --output text)
run sts/get-caller-identity.json sts get-caller-identity

# IAM (global). The credential report is generated, then fetched once complete.
until [ "$(aws iam generate-credential-report --query State --output text)" = COMPLETE ]; do sleep 2; done
aws iam get-credential-report --query Content --output text | base64 -d > "$out/credential-report.csv"
generated=$(aws iam get-credential-report --query GeneratedTime --output text)
run account-summary.json iam get-account-summary
run password-policy.json iam get-account-password-policy
# The IAM graph: users, groups, roles and policies in one paginated call (the CLI merges the pages).
run iam/get-account-authorization-details.json iam get-account-authorization-details
run iam/list-virtual-mfa-devices.json iam list-virtual-mfa-devices
run iam/list-server-certificates.json iam list-server-certificates
run iam/list-saml-providers.json iam list-saml-providers
run iam/list-open-id-connect-providers.json iam list-open-id-connect-providers

# Regions: every one of the partition with its opt-in status; the ones read are those named, else every enabled one.
run ec2/describe-regions.json ec2 describe-regions --all-regions
if [ "$#" -gt 0 ]; then
  regions=("$@")
else
  read -r -a regions <<< "$(aws ec2 describe-regions --query 'Regions[].RegionName' --output text)"
fi
for region in "${regions[@]}"; do
  mkdir -p "$out/regions/$region"
  : > "$out/regions/$region/.read"
  run regions/$region/accessanalyzer/list-analyzers.json accessanalyzer list-analyzers --region "$region"
  # Network (EC2): EBS default encryption, security groups, network ACLs, VPCs and flow logs, instances and volumes.
  run regions/$region/ec2/get-ebs-encryption-by-default.json ec2 get-ebs-encryption-by-default --region "$region"
  run regions/$region/ec2/describe-security-groups.json ec2 describe-security-groups --region "$region"
  run regions/$region/ec2/describe-network-acls.json ec2 describe-network-acls --region "$region"
  run regions/$region/ec2/describe-vpcs.json ec2 describe-vpcs --region "$region"
  run regions/$region/ec2/describe-flow-logs.json ec2 describe-flow-logs --region "$region"
  run regions/$region/ec2/describe-instances.json ec2 describe-instances --region "$region"
  run regions/$region/ec2/describe-volumes.json ec2 describe-volumes --region "$region"
done

aliases=$(aws iam list-account-aliases --query 'AccountAliases' --output json | tr -d '\n ')
region_list=$(printf '"%s",' "${regions[@]}")
printf '{"takenAt": "%s", "accountId": "%s", "accountAliases": %s, "reportGeneratedAt": "%s", "regions": [%s]}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$account" "$aliases" "$generated" "${region_list%,}" > "$out/snapshot.json"
echo "wrote $out (account $account, ${#regions[@]} regions)" >&2
