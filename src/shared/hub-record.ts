import { IConstruct } from 'constructs';
import { stateOf } from '../base/state';
import { EndpointPolicy } from '../endpoints/policy';

/**
 * What a hub of shared endpoints in this app publishes for its spokes, as plain values: a spoke of
 * the same app is checked against it without reading the hub's constructs.
 */
export interface HubRecord {
  /** The path of the hub construct, for messages. */
  readonly path: string;
  readonly profileId: string;
  /** The short names of the interface endpoints the hub serves. */
  readonly services: string[];
  /** The hub VPC's block, when it is literal. */
  readonly hubCidr?: string;
  /** The blocks the hub admits and routes. */
  readonly allowedCidrs: string[];
  /** The hub's Region and account, as its stack has them. */
  readonly region: string;
  readonly account: string;
  /** Whom the hub's endpoint policies trust. */
  readonly trust: EndpointPolicy;
}

/** Publishes `record` in the app of `scope`. */
export function publishHub(scope: IConstruct, record: HubRecord): void {
  hubsOf(scope).push(record);
}

/** The hub of the app with the Route 53 Profile `profileId`, if the app has one. */
export function hubWithProfile(scope: IConstruct, profileId: string): HubRecord | undefined {
  return hubsOf(scope).find((hub) => hub.profileId === profileId);
}

function hubsOf(scope: IConstruct): HubRecord[] {
  return stateOf(scope.node.root, 'hubs', () => [] as HubRecord[]);
}
