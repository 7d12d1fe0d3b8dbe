import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges a validation finding (such as a cdk-nag rule) on `scope` with the reason.
 *
 * aws-cdk-lib 2.257 refuses IDs with more than one '::', which cdk-nag's granular IDs have when
 * they quote a token (`<AWS::Partition>`); those are recorded in the same metadata
 * `Validations.acknowledge` writes, which is what validation plugins read.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (id.split('::').length <= 2) {
    Validations.of(scope).acknowledge({ id, reason });
  } else {
    scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
  }
}
