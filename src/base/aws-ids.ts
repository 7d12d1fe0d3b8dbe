import { Token } from 'aws-cdk-lib';

/**
 * The kinds of AWS ID the library's props take, with the shape each has and an example. The shapes
 * are the prefix and one run of lowercase letters and digits, so an ID of another kind (an
 * attachment `tgw-attach-…` for a transit gateway, a route table `tgw-rtb-…`, a Profile's name for
 * its ID) is refused while every ID AWS issues is taken.
 */
const KINDS = {
  'VPC ID': { pattern: /^vpc-[0-9a-z]+$/, example: 'vpc-0123456789abcdef0' },
  'subnet ID': { pattern: /^subnet-[0-9a-z]+$/, example: 'subnet-0123456789abcdef0' },
  'security group ID': { pattern: /^sg-[0-9a-z]+$/, example: 'sg-0123456789abcdef0' },
  'route table ID': { pattern: /^rtb-[0-9a-z]+$/, example: 'rtb-0123456789abcdef0' },
  'transit gateway ID': { pattern: /^tgw-[0-9a-z]+$/, example: 'tgw-0123456789abcdef0' },
  'transit gateway route table ID': { pattern: /^tgw-rtb-[0-9a-z]+$/, example: 'tgw-rtb-0123456789abcdef0' },
  'Route 53 Profile ID': { pattern: /^rp-[0-9a-z]+$/, example: 'rp-0123456789abcdef' },
  'account ID': { pattern: /^\d{12}$/, example: '123456789012' },
};

/** A kind of AWS ID. */
export type AwsIdKind = keyof typeof KINDS;

// What a value that is not of `kind` looks like, when it is a known other kind: said in the message.
const LOOKALIKES: Array<[RegExp, string]> = [
  [/^tgw-attach-/, 'a transit gateway attachment ID'],
  [/^tgw-rtb-/, 'a transit gateway route table ID'],
  [/^tgw-/, 'a transit gateway ID'],
  [/^vpce-/, 'a VPC endpoint ID'],
  [/^vpc-/, 'a VPC ID'],
  [/^subnet-/, 'a subnet ID'],
  [/^sg-/, 'a security group ID'],
  [/^rtb-/, 'a route table ID'],
  [/^rp-/, 'a Route 53 Profile ID'],
  [/^arn:/, 'an ARN'],
];

/**
 * Why `value` given to `prop` is not a `kind`, or undefined when it is one or a token.
 */
export function idProblem(prop: string, value: string | undefined, kind: AwsIdKind): string | undefined {
  if (value === undefined || Token.isUnresolved(value)) return undefined;
  const { pattern, example } = KINDS[kind];
  if (pattern.test(value)) return undefined;
  const lookalike = LOOKALIKES.find(([shape]) => shape.test(value))?.[1];
  const what = `${article(kind)} ${kind}`;
  return `${prop} '${value}' is ${lookalike ? `${lookalike}, not ${what}` : `not ${what}`}. Give ${what}, such as '${example}'.`;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? 'an' : 'a';
}
