/**
 * What a workload may do to one resource whose ARN names an account, and the endpoint it goes through.
 */
export interface ResourceGrant {
  /** The endpoint's short name: an interface endpoint, or the `dynamodb` gateway. */
  readonly endpoint: string;
  readonly actions: string[];
  /** The resource as the statement has it, resolved. */
  readonly resource: unknown;
  /** Its 12-digit account, or '*'. */
  readonly account: string;
  /** "task role 'Stack/Api/TaskRole' of PrivateFargateService 'Stack/Api'" */
  readonly grantee: string;
}
