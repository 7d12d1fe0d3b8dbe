import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DependencyGroup, IConstruct, IDependable } from 'constructs';
import { endpointKey } from './names';

/**
 * An interface endpoint a VPC can use: one it created (which carries a policy it writes), or one
 * that exists already, owned by someone else (declared, looked up, or served centrally).
 */
export interface KnownEndpoint {
  readonly shortName: string;
  /** The endpoint when this app created it. */
  readonly created?: ec2.InterfaceVpcEndpoint;
  /** Where an existing endpoint comes from, for messages and explanations. */
  readonly origin?: string;
}

/**
 * The private-DNS interface endpoints of one VPC, by service, and something to depend on for each,
 * including one that is added later: workloads must wait for the endpoints they need. Shared by
 * every kind of isolated VPC.
 */
export class EndpointRegistry {
  private readonly byKey = new Map<string, KnownEndpoint>();
  private readonly dependables = new Map<string, DependencyGroup>();

  constructor(private readonly scope: IConstruct) {}

  public keyOf(service: ec2.IInterfaceVpcEndpointService): string {
    return endpointKey(this.scope, service.name);
  }

  public get(service: ec2.IInterfaceVpcEndpointService): KnownEndpoint | undefined {
    return this.byKey.get(this.keyOf(service));
  }

  public has(service: ec2.IInterfaceVpcEndpointService): boolean {
    return this.byKey.has(this.keyOf(service));
  }

  public register(service: ec2.IInterfaceVpcEndpointService, entry: KnownEndpoint): void {
    const key = this.keyOf(service);
    this.byKey.set(key, entry);
    if (entry.created) this.dependables.get(key)?.add(entry.created);
  }

  /** The short names, in the order the endpoints became known. */
  public get names(): string[] {
    return [...this.byKey.values()].map((e) => e.shortName);
  }

  public get created(): Array<{ name: string; endpoint: ec2.InterfaceVpcEndpoint }> {
    return [...this.byKey.values()].filter((e) => e.created).map((e) => ({ name: e.shortName, endpoint: e.created! }));
  }

  public byShortName(name: string): KnownEndpoint | undefined {
    return [...this.byKey.values()].find((e) => e.shortName === name);
  }

  /** Adds `statement` to the policy of the endpoint named `name` if this app created it; whether it did. */
  public addToCreatedPolicy(name: string, statement: iam.PolicyStatement): boolean {
    const endpoint = this.byShortName(name)?.created;
    endpoint?.addToPolicy(statement);
    return endpoint !== undefined;
  }

  public dependable(service: ec2.IInterfaceVpcEndpointService): IDependable {
    const key = this.keyOf(service);
    let group = this.dependables.get(key);
    if (!group) {
      group = new DependencyGroup();
      const created = this.byKey.get(key)?.created;
      if (created) group.add(created);
      this.dependables.set(key, group);
    }
    return group;
  }
}
