import { image, startRegistry, TOKEN, FakeRegistry } from './registry-fake';
import { warmImage } from '../../../src/images/warmer/warm';

const busybox = image('ecr-public/docker/library/busybox', '1.37', ['amd64', 'arm64']);
let registry: FakeRegistry;

beforeEach(async () => {
  registry = await startRegistry([busybox]);
});
afterEach(() => registry.close());

const request = (overrides: Partial<Parameters<typeof warmImage>[0]> = {}) => ({
  registry: registry.url, authorization: `Basic ${TOKEN}`, repository: busybox.repository, tag: '1.37', architecture: 'amd64', ...overrides,
});
const fast = { attempts: 3, delayMs: 1 };

test('pulls the manifest by tag, the platform manifest, and every blob of the platform, through the presigned redirect', async () => {
  const result = await warmImage(request(), fast);
  expect(result.digest).toBe(busybox.indexDigest);
  expect(result.blobs).toBe(2);
  expect(result.bytes).toBeGreaterThan(1000);
  expect(registry.requests[0]).toBe(`GET /v2/${busybox.repository}/manifests/1.37`);
  expect(registry.requests.filter((r) => r.startsWith('GET /s3/'))).toHaveLength(2);
});

test('the task architecture picks the layers: arm64 pulls the arm64 blobs', async () => {
  await warmImage(request({ architecture: 'arm64' }), fast);
  const arm = await warmImage(request({ architecture: 'arm64' }), fast);
  expect(arm.blobs).toBe(2);
  const armBlobs = registry.requests.filter((r) => r.startsWith('GET /s3/')).map((r) => r.slice('GET /s3/'.length));
  expect(armBlobs.every((d) => [...busybox.blobs.entries()].some(([digest, data]) => digest === d && /arm64/.test(data.toString())))).toBe(true);
});

test('a tag the upstream does not have fails at once, naming the image', async () => {
  await expect(warmImage(request({ tag: '9.99' }), fast)).rejects.toThrow(
    `${busybox.repository}:9.99: the upstream registry has no such tag or repository (HTTP 404: {"errors":[{"code":"MANIFEST_UNKNOWN"`,
  );
  expect(registry.requests).toHaveLength(1);
});

test('a layer that keeps failing fails the warm-up after the retries, naming the layer', async () => {
  const [config] = busybox.layerDigests;
  registry.failingBlobs.add(config);
  await expect(warmImage(request(), fast)).rejects.toThrow(`${busybox.repository}:1.37: layer ${config} failed with HTTP 500: InternalError (after 3 attempts)`);
  expect(registry.requests.filter((r) => r === `GET /s3/${config}`)).toHaveLength(3);
});

test('a layer whose bytes do not match its digest fails', async () => {
  const [config] = busybox.layerDigests;
  registry.corruptBlobs.add(config);
  await expect(warmImage(request(), fast)).rejects.toThrow(`layer ${config} arrived with digest sha256:`);
});

test('an architecture the image is not built for fails with what it has', async () => {
  await expect(warmImage(request({ architecture: 's390x' }), fast)).rejects.toThrow(
    `${busybox.repository}:1.37 has no linux/s390x image (it has linux/amd64, linux/arm64). Use a task CPU architecture the image is built for.`,
  );
});

test('refused credentials fail with the registry\'s answer', async () => {
  await expect(warmImage(request({ authorization: 'Basic wrong' }), fast)).rejects.toThrow('the manifest request failed with HTTP 401');
});

test('a registry that cannot be reached fails after the retries', async () => {
  await registry.close();
  await expect(warmImage(request(), fast)).rejects.toThrow(/manifest: .*\(after 3 attempts\)/);
  registry = await startRegistry([busybox]);
});
