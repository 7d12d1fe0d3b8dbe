import { IConstruct } from 'constructs';

const RTTI = Symbol.for('jsii.rtti');

/**
 * The aws-cdk-lib class of a construct as users import it (`ecs_patterns.ScheduledFargateTask`),
 * from its jsii type information, so it holds across copies of aws-cdk-lib; undefined for others.
 */
export function cdkKindOf(construct: IConstruct | undefined): string | undefined {
  const fqn: unknown = (construct?.constructor as any)?.[RTTI]?.fqn;
  const match = typeof fqn === 'string' ? /^aws-cdk-lib\.aws_([a-z0-9_]+)\.(\w+)$/.exec(fqn) : null;
  return match ? `${match[1]}.${match[2]}` : undefined;
}
