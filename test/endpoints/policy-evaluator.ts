// A small evaluator of the Allow statements our endpoint policies use, to test what they allow
// and deny: Principal "*", Action/Resource wildcards, StringEquals and Bool conditions.
export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly principalAccount: string;
  readonly resourceAccount?: string;
  readonly principalIsAwsService?: boolean;
}

const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '111111111111', 'AWS::URLSuffix': 'amazonaws.com' };

/** Replaces CloudFormation pseudo-parameter references and joins with their values in us-east-1, account 111111111111. */
export function concrete(value: any): any {
  if (Array.isArray(value)) return value.map(concrete);
  if (value && typeof value === 'object') {
    if ('Ref' in value && PSEUDO[value.Ref]) return PSEUDO[value.Ref];
    if ('Fn::Join' in value) return value['Fn::Join'][1].map(concrete).join(value['Fn::Join'][0]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, concrete(v)]));
  }
  return value;
}

function matches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

const list = (x: unknown): string[] => (Array.isArray(x) ? x : [x]).map(String);

function conditionHolds(condition: Record<string, Record<string, unknown>> | undefined, request: Request): boolean {
  const context: Record<string, string | undefined> = {
    'aws:PrincipalAccount': request.principalAccount,
    'aws:ResourceAccount': request.resourceAccount,
    'aws:PrincipalIsAWSService': String(request.principalIsAwsService ?? false),
  };
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      const actual = context[key];
      if (!['StringEquals', 'Bool'].includes(operator)) throw new Error(`evaluator: unsupported operator ${operator}`);
      if (actual === undefined || !list(expected).includes(actual)) return false;
    }
  }
  return true;
}

/** Whether any Allow statement of the policy document allows the request (no statement denies). */
export function allows(document: { Statement: any[] }, request: Request): boolean {
  return concrete(document).Statement.some((s: any) =>
    s.Effect === 'Allow'
    && (s.Principal === '*' || list(s.Principal?.AWS).includes('*'))
    && list(s.Action).some((a) => matches(a, request.action))
    && list(s.Resource).some((r) => matches(r, request.resource))
    && conditionHolds(s.Condition, request));
}
