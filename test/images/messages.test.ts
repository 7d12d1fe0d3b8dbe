// The fixes that the public-image error suggests are code: each one is pasted here as a user would
// paste it into a stack (`this` is the stack), and must compile, construct and synthesize.
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IsolatedImage, IsolatedVpc, PrivateFargateService } from '../../src';

function errorFor(image: string): string {
  const stack = new Stack(new App(), 'Stack');
  try {
    new PrivateFargateService(stack, 'Web', { vpc: new IsolatedVpc(stack, 'Vpc'), image: ecs.ContainerImage.fromRegistry(image) });
  } catch (e: any) {
    return e.message;
  }
  throw new Error(`no error for ${image}`);
}

// Every `image: <expression>` of a message, up to the parenthesis that closes the expression.
function suggestedImages(message: string): string[] {
  const found: string[] = [];
  for (let at = message.indexOf('image: IsolatedImage.'); at >= 0; at = message.indexOf('image: IsolatedImage.', at + 1)) {
    const start = at + 'image: '.length;
    let depth = 0;
    for (let i = start; i < message.length; i++) {
      if (message[i] === '(') depth++;
      if (message[i] === ')' && --depth === 0) {
        found.push(message.slice(start, i + 1));
        break;
      }
    }
  }
  return found;
}

describe.each([
  ['nginx', 2, "IsolatedImage.fromPullThroughCache('public.ecr.aws/docker/library/nginx:latest')"],
  ['nginx:1.27', 2, "IsolatedImage.fromPullThroughCache('public.ecr.aws/docker/library/nginx:1.27')"],
  ['bitnami/redis:7', 1, "IsolatedImage.fromPullThroughCache('bitnami/redis:7', { credentials: secretsmanager.Secret.fromSecretNameV2(this, "
    + "'RegistryCredentials', 'ecr-pullthroughcache/docker-hub') })"],
  ['ghcr.io/org/app:1', 1, "IsolatedImage.fromPullThroughCache('ghcr.io/org/app:1', { credentials: secretsmanager.Secret.fromSecretNameV2(this, "
    + "'RegistryCredentials', 'ecr-pullthroughcache/github') })"],
  ['quay.io/prometheus/node-exporter', 1, "IsolatedImage.fromPullThroughCache('quay.io/prometheus/node-exporter:latest')"],
])('the error for %s', (image, count, first) => {
  const suggestions = suggestedImages(errorFor(image));

  test(`suggests ${count} image${count === 1 ? '' : 's'}, the credential-free one first`, () => {
    expect(suggestions).toHaveLength(count);
    expect(suggestions[0]).toBe(first);
  });

  test.each(suggestions.map((s) => [s]))('%s works when pasted', (code) => {
    const stack = new Stack(new App(), 'Pasted');
    const vpc = new IsolatedVpc(stack, 'Vpc');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const pasted = new Function('IsolatedImage', 'secretsmanager', `return ${code};`).call(stack, IsolatedImage, secretsmanager);
    new PrivateFargateService(stack, 'Web', { vpc, image: pasted });
    expect(() => (stack.node.root as App).synth()).not.toThrow();
  });
});

test('an untagged image is suggested with :latest, and told to pin a version', () => {
  expect(errorFor('nginx')).toContain("(then replace 'latest' with a version tag: the cache keeps the first 'latest' it imports)");
});
