import * as ecs from 'aws-cdk-lib/aws-ecs';
import { stateOf } from '../base/state';

// The upstream image a container's rewritten image stands for is kept on the container, so it belongs to its app and goes with it.
const cachedUpstream = (container: ecs.ContainerDefinition) => stateOf(container, 'cached-upstream', () => ({ image: undefined as string | undefined }));

/** Records that `container`'s image is the pull-through cache copy of `upstream`. */
export function recordCachedUpstream(container: ecs.ContainerDefinition, upstream: string): void {
  cachedUpstream(container).image = upstream;
}

/** The upstream image that `container`'s image is a pull-through cache copy of, if it is one. */
export function cachedUpstreamOf(container: ecs.ContainerDefinition): string | undefined {
  return cachedUpstream(container).image;
}
