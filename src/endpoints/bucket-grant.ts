import { Token } from 'aws-cdk-lib';
import { Subject } from '../base/errors';

/**
 * Throws when `bucketName` is not a bucket's name or `actions` are not S3 actions.
 *
 * @param where the call, as the message names it, such as `IsolatedVpc 'App/Vpc': allowS3Bucket('logs')`
 */
export function checkS3BucketGrant(where: Subject, bucketName: string, actions: string[]): void {
  if (!Token.isUnresolved(bucketName) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucketName)) {
    throw where.error(`'${bucketName}' is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens). Give the bucket's name, not its ARN or URL.`);
  }
  const wrong = actions.filter((a) => !Token.isUnresolved(a) && !/^s3:[A-Za-z*]+$/.test(a));
  if (actions.length === 0 || wrong.length > 0) {
    throw where.error(`${actions.length === 0 ? 'no actions' : `${wrong.map((a) => `'${a}'`).join(', ')} ${wrong.length === 1 ? 'is not an S3 action' : 'are not S3 actions'}`}. `
      + 'Give S3 actions, such as [\'s3:GetObject\'].');
  }
}
