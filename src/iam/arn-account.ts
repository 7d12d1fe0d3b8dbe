/**
 * The account field of a resource ARN as a statement holds it, resolved: a literal string, or an
 * `Fn::Join` whose account part may be a token (`AWS::AccountId`, an attribute).
 *
 * @returns the 12-digit account, '*' when the account is a wildcard, undefined when it is a token,
 *   has no account field (S3 bucket ARNs) or the value is no ARN
 */
export function accountOfArn(resource: unknown): string | undefined {
  const text = typeof resource === 'string' ? resource : joined(resource);
  if (text === undefined || !text.startsWith('arn:')) return undefined;
  const account = text.split(':')[4];
  if (account === undefined || account === '' || account.includes(TOKEN)) return undefined;
  if (/^\d{12}$/.test(account)) return account;
  return account.includes('*') || account.includes('?') ? '*' : undefined;
}

const TOKEN = '\u0000';

// The text of an Fn::Join with '' as delimiter, each intrinsic part standing as one TOKEN character.
function joined(value: unknown): string | undefined {
  const join = (value as any)?.['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  return join[1].map((part: unknown) => typeof part === 'string' ? part : (part as any)?.Ref === 'AWS::Partition' ? 'aws' : TOKEN).join('');
}
