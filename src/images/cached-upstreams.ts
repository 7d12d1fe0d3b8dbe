import * as ecs from 'aws-cdk-lib/aws-ecs';

// The containers whose image IsolatedImage.fromPullThroughCache rewrote, and the upstream image each
// stands for: keyed by the container, so it belongs to its app and goes with it.
const CACHED_UPSTREAMS = new WeakMap<ecs.ContainerDefinition, string>();

/** Records that `container`'s image is the pull-through cache copy of `upstream`. */
export function recordCachedUpstream(container: ecs.ContainerDefinition, upstream: string): void {
  CACHED_UPSTREAMS.set(container, upstream);
}

/** The upstream image that `container`'s image is a pull-through cache copy of, if it is one. */
export function cachedUpstreamOf(container: ecs.ContainerDefinition): string | undefined {
  return CACHED_UPSTREAMS.get(container);
}
