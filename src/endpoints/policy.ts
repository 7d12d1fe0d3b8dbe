import { Subject } from '../base/errors';

/**
 * Who may use the VPC's endpoints, and to reach whose resources: the data perimeter.
 *
 * Every policy but `OPEN` allows a request only when both the principal and the resource belong
 * to the trusted accounts (or organization), so credentials from elsewhere cannot use the
 * endpoints and data cannot leave for a bucket, secret or log group of another account.
 * AWS service principals and a few resource-less calls (ECR sign-in, ECS Exec channels) are the
 * exceptions each service needs.
 */
export class EndpointPolicy {
  /**
   * Principals and resources of the stack's own account only.
   */
  public static readonly ACCOUNT = new EndpointPolicy('ACCOUNT', []);

  /**
   * No endpoint policy: the AWS default, which lets any principal reach any resource through the
   * endpoints. An explicit opt-out of the data perimeter.
   */
  public static readonly OPEN = new EndpointPolicy('OPEN', []);

  /**
   * Principals and resources of the stack's account and the accounts given, for example a
   * shared-services account that holds the ECR repositories.
   *
   * @param accountIds 12-digit AWS account IDs
   */
  public static accounts(accountIds: string[]): EndpointPolicy {
    for (const id of accountIds) {
      if (!/^\d{12}$/.test(id)) {
        throw Subject.call(undefined, 'EndpointPolicy.accounts').error(`'${id}' is not an AWS account ID. Give 12-digit account IDs, such as '123456789012'.`);
      }
    }
    return new EndpointPolicy('ACCOUNTS', [...accountIds]);
  }

  /**
   * Principals and resources of an AWS Organization (`aws:PrincipalOrgID`, `aws:ResourceOrgID`).
   *
   * @param organizationId the organization ID, such as `o-a1b2c3d4e5`
   */
  public static organization(organizationId: string): EndpointPolicy {
    if (!/^o-[a-z0-9]{10,32}$/.test(organizationId)) {
      throw Subject.call(undefined, 'EndpointPolicy.organization').error(`'${organizationId}' is not an AWS Organizations ID. Give an ID such as 'o-a1b2c3d4e5'.`);
    }
    return new EndpointPolicy('ORGANIZATION', [], organizationId);
  }

  /**
   * @param name the policy's kind, as shown in messages
   * @param accountIds accounts trusted besides the stack's own
   * @param organizationId the trusted organization, if any
   */
  private constructor(
    public readonly name: string,
    public readonly accountIds: string[],
    public readonly organizationId?: string,
  ) {}
}
