import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

const granted = new WeakSet<kms.IKey>();

/**
 * Lets CloudWatch Logs of this region encrypt log groups of this account with `key`. CDK does
 * not add this to the key policy (aws-cdk issue 28304), and without it the log group fails to create.
 */
export function grantLogsServiceUse(key: kms.IKey): void {
  if (granted.has(key)) return;
  granted.add(key);
  const { region, partition, account } = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchLogsEncryptsLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
    },
  }));
}
