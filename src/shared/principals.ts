import { Token } from 'aws-cdk-lib';

const ACCOUNT = /^\d{12}$/;
const OU = /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;
const ORGANIZATION = /^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;

/**
 * What a RAM share principal is: an account, an OU or an organization; undefined when it is none.
 */
export function principalKind(principal: string): 'account' | 'ou' | 'organization' | 'token' | undefined {
  if (Token.isUnresolved(principal)) return 'token';
  if (ACCOUNT.test(principal)) return 'account';
  if (OU.test(principal)) return 'ou';
  if (ORGANIZATION.test(principal)) return 'organization';
  return undefined;
}
