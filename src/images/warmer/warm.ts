import { createHash } from 'crypto';

/**
 * What to pull through the cache: the registry's base URL and credentials, and the image.
 */
export interface WarmRequest {
  /** `https://<account>.dkr.ecr.<region>.amazonaws.com` (ECR's proxyEndpoint). */
  readonly registry: string;
  /** `Basic <token>`, from ecr:GetAuthorizationToken. */
  readonly authorization: string;
  /** The cached repository: `<prefix>/<upstream repository>`. */
  readonly repository: string;
  readonly tag: string;
  /** The task's CPU architecture, as image indexes name it: `amd64` or `arm64`. */
  readonly architecture: string;
}

/**
 * What a full pull read.
 */
export interface WarmResult {
  /** The digest of the manifest the tag points to (an index for multi-platform images). */
  readonly digest: string;
  /** The config blob and the layers of the task's platform. */
  readonly blobs: number;
  readonly bytes: number;
}

export interface WarmOptions {
  /** How often a request that failed on the server's side (429, 5xx, network) is tried. */
  readonly attempts?: number;
  readonly delayMs?: number;
  readonly fetch?: typeof fetch;
}

const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];

/**
 * Pulls an image through an ECR pull-through cache as a container runtime does: the manifest by
 * tag (what makes ECR import the image), the platform's manifest, then every blob, each checked
 * against its digest. Throws an error that says which step failed and why.
 */
export async function warmImage(request: WarmRequest, options: WarmOptions = {}): Promise<WarmResult> {
  const base = `${request.registry.replace(/\/$/, '')}/v2/${request.repository}`;
  const image = `${request.repository}:${request.tag}`;
  const top = await getManifest(`${base}/manifests/${request.tag}`, request, options, image);

  let manifest = top.body;
  if (INDEX_TYPES.includes(top.mediaType)) {
    const entries: any[] = top.body.manifests ?? [];
    const entry = entries.find((m) => m.platform?.os === 'linux' && m.platform?.architecture === request.architecture);
    if (!entry) {
      const offered = entries.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(', ');
      throw new Error(`${image} has no linux/${request.architecture} image (it has ${offered || 'none'}). Use a task CPU architecture the image is built for.`);
    }
    manifest = (await getManifest(`${base}/manifests/${entry.digest}`, request, options, image)).body;
  }

  const blobs: string[] = [manifest.config?.digest, ...(manifest.layers ?? []).map((l: any) => l.digest)].filter((d): d is string => !!d);
  let bytes = 0;
  for (const digest of blobs) bytes += await pullBlob(`${base}/blobs/${digest}`, digest, request, options, image);
  return { digest: top.digest, blobs: blobs.length, bytes };
}

interface Manifest {
  readonly body: any;
  readonly mediaType: string;
  readonly digest: string;
}

async function getManifest(url: string, request: WarmRequest, options: WarmOptions, image: string): Promise<Manifest> {
  return retried(options, async () => {
    const headers = { authorization: request.authorization, accept: [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ') };
    const response = await send(options, url, { headers }, `${image}: manifest`);
    const text = await response.text();
    if (response.status === 404) {
      throw new Error(`${image}: the upstream registry has no such tag or repository (HTTP 404: ${text.slice(0, 200)}). Check the image name and tag.`);
    }
    if (!response.ok) throw new Error(`${image}: the manifest request failed with HTTP ${response.status}: ${text.slice(0, 200)}`);
    const body = JSON.parse(text);
    const digest = response.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(text).digest('hex')}`;
    return { body, mediaType: body.mediaType ?? response.headers.get('content-type') ?? '', digest };
  });
}

// ECR answers a blob request with a redirect to a presigned S3 URL, which must be fetched without our credentials.
async function pullBlob(url: string, digest: string, request: WarmRequest, options: WarmOptions, image: string): Promise<number> {
  return retried(options, async () => {
    const what = `${image}: layer ${digest}`;
    let response = await send(options, url, { headers: { authorization: request.authorization }, redirect: 'manual' }, what);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      response = await send(options, new URL(location, url).toString(), {}, what);
    }
    if (!response.ok || !response.body) throw new Error(`${what} failed with HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const hash = createHash('sha256');
    let size = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      hash.update(chunk.value);
      size += chunk.value.length;
    }
    const actual = `sha256:${hash.digest('hex')}`;
    if (digest.startsWith('sha256:') && actual !== digest) throw new Error(`${what} arrived with digest ${actual}`);
    return size;
  });
}

/** A failure that may pass on another try: the network, throttling, an error on the server's side. */
class Transient extends Error {}

async function send(options: WarmOptions, url: string, init: RequestInit, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, init);
  } catch (error: any) {
    throw new Transient(`${what}: ${error.cause?.message ?? error.message}`);
  }
  if (response.status === 429 || response.status >= 500) {
    const text = await response.text();
    throw new Transient(`${what} failed with HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  return response;
}

async function retried<T>(options: WarmOptions, action: () => Promise<T>): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof Transient)) throw error;
      if (attempt >= attempts) throw new Error(`${error.message} (after ${attempt} attempts)`);
      await new Promise((resolve) => setTimeout(resolve, (options.delayMs ?? 2000) * attempt));
    }
  }
}
