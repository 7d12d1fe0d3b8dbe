import { CfnResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Finds the Lambda functions attached to a VPC that back a CloudFormation custom resource (their
 * ARN is a custom resource's ServiceToken), in whatever order the two are visited. Such a
 * function answers CloudFormation through an AWS-owned S3 bucket, so its VPC must let it.
 */
export class CustomResourceHandlers<H> {
  /** Whether `resource` is a custom resource (`AWS::CloudFormation::CustomResource` or `Custom::*`). */
  public static isCustomResource(resource: CfnResource): boolean {
    return resource.cfnResourceType === 'AWS::CloudFormation::CustomResource' || resource.cfnResourceType.startsWith('Custom::');
  }

  private readonly functions = new Map<string, H>();
  private readonly tokens = new Set<string>();
  private readonly found = new Set<string>();

  /** @param onHandler called once per function found to back a custom resource, with its host */
  constructor(private readonly onHandler: (host: H) => void) {}

  public addFunction(fn: lambda.Function, host: H): void {
    const key = functionKey(fn);
    this.functions.set(key, host);
    if (this.tokens.has(key)) this.reportOnce(key);
  }

  public addCustomResource(resource: CfnResource): void {
    // Custom resources keep their properties as given; ServiceToken is a GetAtt of the function's ARN.
    const token = Stack.of(resource).resolve((resource as any)._cfnProperties?.ServiceToken);
    const logicalId = token?.['Fn::GetAtt']?.[0];
    if (typeof logicalId !== 'string') return;
    const key = `${Stack.of(resource).stackName}/${logicalId}`;
    this.tokens.add(key);
    if (this.functions.has(key)) this.reportOnce(key);
  }

  private reportOnce(key: string): void {
    if (this.found.has(key)) return;
    this.found.add(key);
    this.onHandler(this.functions.get(key)!);
  }
}

function functionKey(fn: lambda.Function): string {
  const stack = Stack.of(fn);
  return `${stack.stackName}/${stack.resolve((fn.node.defaultChild as lambda.CfnFunction).logicalId)}`;
}
