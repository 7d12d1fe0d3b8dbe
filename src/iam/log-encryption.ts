import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { stateOf } from '../base/state';

/**
 * Lets CloudWatch Logs of this region encrypt log groups of this account with `key`. CDK does
 * not add this to the key policy (aws-cdk issue 28304), and without it the log group fails to create.
 */
export function grantLogsServiceUse(key: kms.IKey): void {
  const grant = stateOf(key, 'logs-service-use', () => ({ done: false }));
  if (grant.done) return;
  grant.done = true;
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
