// A local registry that speaks enough of the Docker Registry HTTP API v2 for the cache warmer, as
// ECR does: Basic authorization, manifests by tag and digest, blobs answered with a redirect to a
// presigned URL that refuses an Authorization header (as S3 does).
import { createHash } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';

export interface FakeRegistry {
  readonly url: string;
  readonly requests: string[];
  /** Blob digests whose download answers HTTP 500. */
  readonly failingBlobs: Set<string>;
  /** Blob digests whose download returns other bytes. */
  readonly corruptBlobs: Set<string>;
  close(): Promise<void>;
}

export const TOKEN = 'QVdTOnNlY3JldA==';
const sha = (data: string | Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export function image(repository: string, tag: string, architectures: string[]) {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { type: string; body: string }>();
  const entries = architectures.map((architecture) => {
    const config = Buffer.from(JSON.stringify({ architecture, os: 'linux' }));
    const layer = Buffer.from(`layer of ${repository} for ${architecture}`.repeat(1000));
    blobs.set(sha(config), config);
    blobs.set(sha(layer), layer);
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: layer.length }],
    });
    manifests.set(sha(body), { type: 'application/vnd.oci.image.manifest.v1+json', body });
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(body), size: body.length, platform: { os: 'linux', architecture } };
  });
  const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: entries });
  manifests.set(tag, { type: 'application/vnd.oci.image.index.v1+json', body: index });
  manifests.set(sha(index), manifests.get(tag)!);
  return { repository, blobs, manifests, indexDigest: sha(index), layerDigests: [...blobs.keys()] };
}

export async function startRegistry(images: Array<ReturnType<typeof image>>): Promise<FakeRegistry> {
  const requests: string[] = [];
  const failingBlobs = new Set<string>();
  const corruptBlobs = new Set<string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname.startsWith('/s3/')) {
      if (req.headers.authorization) return end(res, 400, 'Only one auth mechanism allowed');
      const digest = url.pathname.slice('/s3/'.length);
      const blob = images.flatMap((i) => [...i.blobs.entries()]).find(([d]) => d === digest)?.[1];
      if (failingBlobs.has(digest)) return end(res, 500, 'InternalError');
      return blob ? end(res, 200, corruptBlobs.has(digest) ? Buffer.from('tampered') : blob) : end(res, 404, 'NoSuchKey');
    }
    if (req.headers.authorization !== `Basic ${TOKEN}`) return end(res, 401, '{"errors":[{"code":"DENIED"}]}');
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    const found = match && images.find((i) => i.repository === match[1]);
    if (!match || !found) return end(res, 404, '{"errors":[{"code":"NAME_UNKNOWN"}]}');
    if (match[2] === 'manifests') {
      const manifest = found.manifests.get(match[3]);
      if (!manifest) return end(res, 404, '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"Requested image not found"}]}');
      res.setHeader('content-type', manifest.type);
      res.setHeader('docker-content-digest', sha(manifest.body));
      return end(res, 200, manifest.body);
    }
    res.statusCode = 307;
    res.setHeader('location', `/s3/${match[3]}?X-Amz-Signature=presigned`);
    return res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failingBlobs,
    corruptBlobs,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function end(res: http.ServerResponse, status: number, body: string | Buffer): void {
  res.statusCode = status;
  res.end(body);
}
