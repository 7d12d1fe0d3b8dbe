import { IIsolatedVpc } from './i-isolated-vpc';

const ISOLATED_VPC_KIND = Symbol.for('isolated-ecs-constructs.IIsolatedVpc');

/**
 * Marks `vpc` as an `IIsolatedVpc`, so the check holds across copies of this library.
 */
export function markIsolatedVpc(vpc: object): void {
  Object.defineProperty(vpc, ISOLATED_VPC_KIND, { value: true });
}

/**
 * Whether `x` is an `IIsolatedVpc` of any kind.
 */
export function isIIsolatedVpc(x: unknown): x is IIsolatedVpc {
  return x !== null && typeof x === 'object' && ISOLATED_VPC_KIND in x;
}
