/**
 * Why an endpoint is in an `IsolatedVpc`, or why a needed one is not.
 */
export interface EndpointExplanation {
  /**
   * The endpoint's short name, such as `sqs`; `s3` and `dynamodb` are the gateway endpoints.
   */
  readonly endpoint: string;

  /**
   * Whether the VPC has the endpoint.
   */
  readonly present: boolean;

  /**
   * Why, one sentence each: the preset, a workload's feature, a grant of its runtime role
   * ("task role 'Stack/Api/TaskRole' of PrivateFargateService 'Stack/Api' may sqs:SendMessage on
   * 'Stack/Jobs'"), a declaration, a waiver, or why a call needs no endpoint.
   */
  readonly reasons: string[];
}
