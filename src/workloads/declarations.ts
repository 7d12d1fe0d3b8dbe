import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { checkAction } from '../iam/action-check';
import { ACTION_RULES } from '../iam/action-rules';
import { needName } from '../iam/needs';

const ACTION = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/;

/**
 * Why a declaration of calls is wrong (`problem`), or what in it the IAM catalog cannot confirm (`warnings`).
 */
export function checkDeclaration(actions: string[], reason: string): { problem?: string; warnings: string[] } {
  if (actions.length === 0) return { problem: 'no actions given. Name the IAM actions the code calls, such as [\'sqs:SendMessage\'].', warnings: [] };
  const warnings: string[] = [];
  for (const action of actions) {
    const match = ACTION.exec(action);
    if (!match) return { problem: `'${action}' is not an IAM action. Write actions as '<service>:<Action>', such as 'sqs:SendMessage' or 'dynamodb:*'.`, warnings };
    const { error, warning } = checkAction(match[1], match[2]);
    if (error) return { problem: error, warnings };
    if (warning) warnings.push(warning);
  }
  return { problem: reasonProblem(reason), warnings };
}

let waivable: Set<string> | undefined;

/**
 * Why a waiver is wrong, or undefined when it is right.
 */
export function waiverProblem(endpoint: string, reason: string): string | undefined {
  if (endpoint === 's3') return 'the S3 gateway endpoint is always there (ECR keeps image layers in S3) and cannot be waived.';
  if (!waivable) {
    waivable = new Set(ACTION_RULES.map((r) => needName(r.need)).filter((n): n is string => n !== undefined && n !== 's3'));
    for (const value of Object.values(ec2.InterfaceVpcEndpointAwsService)) {
      if (value instanceof ec2.InterfaceVpcEndpointAwsService) waivable.add(value.shortName);
    }
  }
  if (!waivable.has(endpoint)) {
    return `'${endpoint}' is not an endpoint this library knows. Use an endpoint's short name, such as 'sns' `
      + '(ec2.InterfaceVpcEndpointAwsService.SNS.shortName), \'dynamodb\' for the gateway, or \'iam\' for a global service.';
  }
  return reasonProblem(reason);
}

function reasonProblem(reason: string): string | undefined {
  return reason.trim().length === 0 ? 'the reason is empty. Say why, so the next reader of the app knows: it is shown by vpc.explainEndpoints().' : undefined;
}
