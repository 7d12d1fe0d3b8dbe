// The handler as Lambda runs it, with ECR's API answered by a local fake and the registry by the
// local registry: Create fills the cache and confirms the image is there; Delete leaves it.
import { image, startRegistry, TOKEN, FakeRegistry } from './registry-fake';

const sent: any[] = [];
let described: Array<{ imageDetails?: any[] } | Error> = [];
let registryUrl = '';

jest.mock('@aws-sdk/client-ecr', () => ({
  ECRClient: class {
    public async send(command: any) {
      sent.push(command);
      if (command.kind === 'token') return { authorizationData: [{ authorizationToken: TOKEN, proxyEndpoint: registryUrl }] };
      const next = described.shift() ?? { imageDetails: [{ imageTags: ['1.37'] }] };
      if (next instanceof Error) throw next;
      return next;
    }
  },
  GetAuthorizationTokenCommand: class { public readonly kind = 'token'; constructor(public readonly input: any) {} },
  DescribeImagesCommand: class { public readonly kind = 'describe'; constructor(public readonly input: any) {} },
}));

// eslint-disable-next-line import/first
import { handler } from '../../../src/images/warmer/cache-warmer.lambda';

const busybox = image('ecr-public/docker/library/busybox', '1.37', ['amd64']);
let registry: FakeRegistry;
const properties = { Repository: busybox.repository, Tag: '1.37', Architecture: 'amd64' };

beforeEach(async () => {
  registry = await startRegistry([busybox]);
  registryUrl = registry.url;
  sent.length = 0;
  described = [];
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => registry.close());

test('Create pulls the image through the cache, confirms it is cached, and returns its digest', async () => {
  const result = await handler({ RequestType: 'Create', ResourceProperties: properties });
  expect(result.PhysicalResourceId).toBe(`${busybox.repository}:1.37`);
  expect(result.Data?.ImageDigest).toBe(busybox.indexDigest);
  expect(sent.find((c) => c.kind === 'describe').input).toEqual({ repositoryName: busybox.repository, imageIds: [{ imageTag: '1.37' }] });
  expect(registry.requests.filter((r) => r.startsWith('GET /s3/'))).toHaveLength(2);
});

test('Update with another tag warms that tag', async () => {
  await expect(handler({ RequestType: 'Update', PhysicalResourceId: 'x', ResourceProperties: { ...properties, Tag: '2.0' } }))
    .rejects.toThrow(`${busybox.repository}:2.0: the upstream registry has no such tag or repository`);
});

test('Delete leaves the cached image and calls nothing', async () => {
  const result = await handler({ RequestType: 'Delete', PhysicalResourceId: 'kept', ResourceProperties: properties });
  expect(result).toEqual({ PhysicalResourceId: 'kept' });
  expect(sent).toEqual([]);
  expect(registry.requests).toEqual([]);
});
