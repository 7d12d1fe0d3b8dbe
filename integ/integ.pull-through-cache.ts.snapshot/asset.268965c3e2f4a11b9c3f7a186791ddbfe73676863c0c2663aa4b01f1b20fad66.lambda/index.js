"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/images/warmer/cache-warmer.lambda.ts
var cache_warmer_lambda_exports = {};
__export(cache_warmer_lambda_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(cache_warmer_lambda_exports);
var import_client_ecr = require("@aws-sdk/client-ecr");

// src/images/warmer/warm.ts
var import_crypto = require("crypto");
var INDEX_TYPES = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];
var MANIFEST_TYPES = ["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];
async function warmImage(request, options = {}) {
  const base = `${request.registry.replace(/\/$/, "")}/v2/${request.repository}`;
  const image = `${request.repository}:${request.tag}`;
  const top = await getManifest(`${base}/manifests/${request.tag}`, request, options, image);
  let manifest = top.body;
  if (INDEX_TYPES.includes(top.mediaType)) {
    const entries = top.body.manifests ?? [];
    const entry = entries.find((m) => m.platform?.os === "linux" && m.platform?.architecture === request.architecture);
    if (!entry) {
      const offered = entries.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(", ");
      throw new Error(`${image} has no linux/${request.architecture} image (it has ${offered || "none"}). Use a task CPU architecture the image is built for.`);
    }
    manifest = (await getManifest(`${base}/manifests/${entry.digest}`, request, options, image)).body;
  }
  const blobs = [manifest.config?.digest, ...(manifest.layers ?? []).map((l) => l.digest)].filter((d) => !!d);
  let bytes = 0;
  for (const digest of blobs) bytes += await pullBlob(`${base}/blobs/${digest}`, digest, request, options, image);
  return { digest: top.digest, blobs: blobs.length, bytes };
}
async function getManifest(url, request, options, image) {
  return retried(options, async () => {
    const headers = { authorization: request.authorization, accept: [...INDEX_TYPES, ...MANIFEST_TYPES].join(", ") };
    const response = await send(options, url, { headers }, `${image}: manifest`);
    const text = await response.text();
    if (response.status === 404) {
      throw new Error(`${image}: the upstream registry has no such tag or repository (HTTP 404: ${text.slice(0, 200)}). Check the image name and tag.`);
    }
    if (!response.ok) throw new Error(`${image}: the manifest request failed with HTTP ${response.status}: ${text.slice(0, 200)}`);
    const body = JSON.parse(text);
    const digest = response.headers.get("docker-content-digest") ?? `sha256:${(0, import_crypto.createHash)("sha256").update(text).digest("hex")}`;
    return { body, mediaType: body.mediaType ?? response.headers.get("content-type") ?? "", digest };
  });
}
async function pullBlob(url, digest, request, options, image) {
  return retried(options, async () => {
    const what = `${image}: layer ${digest}`;
    let response = await send(options, url, { headers: { authorization: request.authorization }, redirect: "manual" }, what);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      response = await send(options, new URL(location, url).toString(), {}, what);
    }
    if (!response.ok || !response.body) throw new Error(`${what} failed with HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const hash = (0, import_crypto.createHash)("sha256");
    let size = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      hash.update(chunk.value);
      size += chunk.value.length;
    }
    const actual = `sha256:${hash.digest("hex")}`;
    if (digest.startsWith("sha256:") && actual !== digest) throw new Error(`${what} arrived with digest ${actual}`);
    return size;
  });
}
var Transient = class extends Error {
};
async function send(options, url, init, what) {
  let response;
  try {
    response = await (options.fetch ?? fetch)(url, init);
  } catch (error) {
    throw new Transient(`${what}: ${error.cause?.message ?? error.message}`);
  }
  if (response.status === 429 || response.status >= 500) {
    const text = await response.text();
    throw new Transient(`${what} failed with HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  return response;
}
async function retried(options, action) {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof Transient)) throw error;
      if (attempt >= attempts) throw new Error(`${error.message} (after ${attempt} attempts)`);
      await new Promise((resolve) => setTimeout(resolve, (options.delayMs ?? 2e3) * attempt));
    }
  }
}

// src/images/warmer/cache-warmer.lambda.ts
var ecr = new import_client_ecr.ECRClient({});
async function handler(event) {
  const { Repository: repository, Tag: tag, Architecture: architecture } = event.ResourceProperties;
  const id = `${repository}:${tag}`;
  if (event.RequestType === "Delete") return { PhysicalResourceId: event.PhysicalResourceId ?? id };
  const token = (await ecr.send(new import_client_ecr.GetAuthorizationTokenCommand({}))).authorizationData?.[0];
  if (!token?.authorizationToken || !token.proxyEndpoint) throw new Error("ecr:GetAuthorizationToken returned no token");
  const result = await warmImage({ registry: token.proxyEndpoint, authorization: `Basic ${token.authorizationToken}`, repository, tag, architecture });
  await confirmCached(repository, tag);
  console.log(JSON.stringify({ warmed: id, ...result }));
  return { PhysicalResourceId: id, Data: { ImageDigest: result.digest, Image: `${token.proxyEndpoint.replace(/^https:\/\//, "")}/${id}` } };
}
async function confirmCached(repository, tag) {
  for (let attempt = 1; ; attempt++) {
    try {
      const images = await ecr.send(new import_client_ecr.DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
      if (images.imageDetails?.length) return;
    } catch (error) {
      if (attempt >= 10) throw new Error(`${repository}:${tag} was pulled, but is not in the cached repository: ${error.message}`);
    }
    if (attempt >= 10) throw new Error(`${repository}:${tag} was pulled, but is not in the cached repository`);
    await new Promise((resolve) => setTimeout(resolve, 3e3));
  }
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
