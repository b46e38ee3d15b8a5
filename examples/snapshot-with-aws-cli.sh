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

# answer AWS-ARGS...: what the command prints ({} when it prints nothing: a bucket never versioned), or the error it answered.
answer() {
  local err printed
  err=$(mktemp)
  if printed=$(aws "$@" --output json 2> "$err"); then
    printf '%s\n' "${printed:-{\}}"
  else
    # "An error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: ..."
    local code message
    code=$(sed -n 's/.*An error occurred (\([A-Za-z0-9_.]*\)).*/\1/p' "$err" | head -n 1)
    message=$(sed -n 's/.*operation: //p' "$err" | head -n 1 | sed 's/\\/\\\\/g; s/"/\\"/g')
    printf '{"Error": {"Code": "%s", "Message": "%s"}}\n' "${code:-CommandFailed}" "$message"
    echo "recorded $*: ${code:-CommandFailed}" >&2
  fi
  rm -f "$err"
}

# run FILE AWS-ARGS...: what the command prints into FILE, or the error it answered.
run() {
  local file="$out/$1"
  shift
  mkdir -p "$(dirname "$file")"
  answer "$@" > "$file.tmp"
  mv "$file.tmp" "$file"
}

# run_per_bucket FILE AWS-ARGS...: the command for each bucket of $buckets, in the bucket's own region, into one
# object keyed by bucket name (S3 bucket names are lower-case letters, digits, dots and hyphens: nothing to escape).
run_per_bucket() {
  local file="$out/$1" separator='' name region
  shift
  mkdir -p "$(dirname "$file")"
  {
    printf '{'
    while read -r name region; do
      [[ $name =~ ^[a-z0-9.-]+$ ]] || { echo "skipped a bucket name that is not one: ${name:0:64}" >&2; continue; }
      printf '%s"%s": ' "$separator" "$name"
      answer "$@" --bucket "$name" --region "$region"
      separator=','
    done < "$buckets"
    printf '}\n'
  } > "$file.tmp"
  mv "$file.tmp" "$file"
}

# run_each FILE FLAG KEYS AWS-ARGS...: one call per key (given with FLAG), the answers in one JSON object keyed by it.
run_each() {
  local file="$out/$1" flag=$2 keys=$3 key separator=''
  shift 3
  mkdir -p "$(dirname "$file")"
  {
    printf '{'
    for key in $keys; do
      printf '%s"%s": ' "$separator" "$key"
      answer "$@" "$flag" "$key"
      separator=','
    done
    printf '}\n'
  } > "$file.tmp"
  mv "$file.tmp" "$file"
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

# S3 (buckets are listed for the whole account; each bucket's own calls go to its region) and the account's
# Block Public Access settings (S3 Control).
run s3api/list-buckets.json s3api list-buckets
run s3control/get-public-access-block.json s3control get-public-access-block --account-id "$account"
buckets=$(mktemp)
trap 'rm -f "$buckets"' EXIT
aws s3api list-buckets --query 'Buckets[].[Name, BucketRegion]' --output text > "$buckets"
run_per_bucket s3api/get-bucket-policy.json s3api get-bucket-policy
run_per_bucket s3api/get-bucket-acl.json s3api get-bucket-acl
run_per_bucket s3api/get-public-access-block.json s3api get-public-access-block
run_per_bucket s3api/get-bucket-encryption.json s3api get-bucket-encryption
run_per_bucket s3api/get-bucket-versioning.json s3api get-bucket-versioning
run_per_bucket s3api/get-bucket-logging.json s3api get-bucket-logging

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
  # Storage: RDS DB instances and clusters, EFS file systems.
  run regions/$region/rds/describe-db-instances.json rds describe-db-instances --region "$region"
  run regions/$region/rds/describe-db-clusters.json rds describe-db-clusters --region "$region"
  run regions/$region/efs/describe-file-systems.json efs describe-file-systems --region "$region"

  # Logging and monitoring. Trail status and selectors in each trail's home region only (shadow copies are read there).
  run regions/$region/cloudtrail/describe-trails.json cloudtrail describe-trails --region "$region"
  trails=$(aws cloudtrail describe-trails --region "$region" --query "trailList[?HomeRegion=='$region'].TrailARN" --output text || true)
  run_each regions/$region/cloudtrail/get-trail-status.json --name "$trails" cloudtrail get-trail-status --region "$region"
  run_each regions/$region/cloudtrail/get-event-selectors.json --trail-name "$trails" cloudtrail get-event-selectors --region "$region"
  run regions/$region/logs/describe-metric-filters.json logs describe-metric-filters --region "$region"
  run regions/$region/cloudwatch/describe-alarms.json cloudwatch describe-alarms --region "$region"
  # The region's SNS topics that alarms notify.
  topics=$(aws cloudwatch describe-alarms --region "$region" --query 'MetricAlarms[].AlarmActions[]' --output text | tr '\t' '\n' | grep "^arn:[a-z-]*:sns:$region:" | sort -u || true)
  run_each regions/$region/sns/list-subscriptions-by-topic.json --topic-arn "$topics" sns list-subscriptions-by-topic --region "$region"
  run regions/$region/configservice/describe-configuration-recorders.json configservice describe-configuration-recorders --region "$region"
  run regions/$region/configservice/describe-configuration-recorder-status.json configservice describe-configuration-recorder-status --region "$region"
  run regions/$region/kms/list-keys.json kms list-keys --region "$region"
  keys=$(aws kms list-keys --region "$region" --query 'Keys[].KeyId' --output text || true)
  run_each regions/$region/kms/describe-key.json --key-id "$keys" kms describe-key --region "$region"
  run_each regions/$region/kms/get-key-policy.json --key-id "$keys" kms get-key-policy --policy-name default --region "$region"
  # Rotation status only for customer managed symmetric keys with KMS key material (KMS refuses the call for the others).
  rotatable=''
  for key in $keys; do
    kind=$(aws kms describe-key --region "$region" --key-id "$key" --query 'KeyMetadata.[KeyManager,KeySpec,Origin]' --output text || true)
    if [ "$kind" = "$(printf 'CUSTOMER\tSYMMETRIC_DEFAULT\tAWS_KMS')" ]; then rotatable="$rotatable $key"; fi
  done
  run_each regions/$region/kms/get-key-rotation-status.json --key-id "$rotatable" kms get-key-rotation-status --region "$region"
  # Not enabled: recorded as its InvalidAccessException, which means "not configured".
  run regions/$region/securityhub/describe-hub.json securityhub describe-hub --region "$region"
done

aliases=$(aws iam list-account-aliases --query 'AccountAliases' --output json | tr -d '\n ')
region_list=$(printf '"%s",' "${regions[@]}")
printf '{"takenAt": "%s", "accountId": "%s", "accountAliases": %s, "reportGeneratedAt": "%s", "regions": [%s]}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$account" "$aliases" "$generated" "${region_list%,}" > "$out/snapshot.json"
echo "wrote $out (account $account, ${#regions[@]} regions)" >&2
