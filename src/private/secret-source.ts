import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';

/**
 * Where an ECS secret is read from at task start.
 */
export enum SecretSource {
  SECRETS_MANAGER = 'secretsmanager',
  SSM_PARAMETER = 'ssm',
}

/**
 * Tells an `ecs.Secret`'s source from its ARN. Parameter ARNs are always formatted
 * (`arn:...:ssm:...:parameter/...`), since a `Ref` to an SSM parameter returns its name; a
 * secret's ARN is formatted or a `Ref` to an `AWS::SecretsManager::Secret`.
 */
export function secretSource(scope: IConstruct, secret: ecs.Secret): SecretSource {
  const text = JSON.stringify(Stack.of(scope).resolve(secret.arn));
  return /:ssm:|:parameter\//.test(text) ? SecretSource.SSM_PARAMETER : SecretSource.SECRETS_MANAGER;
}
