// The official Azure SDK for JavaScript (@azure/storage-blob, installed into .tools by scripts/install-test-deps.sh),
// run by the end-to-end tests to arrange and inspect Azure blobs independently of Transporter's own Azure connector.
//
//   node azure-blobs.cjs create-containers NAME...
//   node azure-blobs.cjs list-containers                      one JSON line per container: {"name"}
//   node azure-blobs.cjs put < specs.jsonl                    one blob per line (below), 16 at a time
//   node azure-blobs.cjs describe CONTAINER [PREFIX] [--hash] one JSON line per blob: properties, metadata, tags,
//                                                             and with --hash the SHA-256 and MD5 of its bytes
//
// The account comes from AZURE_BLOB_URL (http://127.0.0.1:PORT/devstoreaccount1), AZURE_ACCOUNT and AZURE_KEY.
// A put line: {"container","name","file","contentType","cacheControl","contentDisposition","contentEncoding",
// "contentLanguage","metadata":{},"tags":{}}. Files above 32 MiB go as 8 MiB blocks (Put Block List, so Azure keeps
// no whole-blob MD5), smaller ones in one Put Blob.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const readline = require('node:readline');
const { BlobServiceClient, StorageSharedKeyCredential } = require('@azure/storage-blob');

const service = new BlobServiceClient(
  process.env.AZURE_BLOB_URL,
  new StorageSharedKeyCredential(process.env.AZURE_ACCOUNT, process.env.AZURE_KEY));

async function inParallel(items, limit, work) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(workers);
}

async function readLines() {
  const lines = [];
  for await (const line of readline.createInterface({ input: process.stdin })) if (line.trim()) lines.push(JSON.parse(line));
  return lines;
}

async function put() {
  const specs = await readLines();
  await inParallel(specs, 16, async (spec) => {
    const blob = service.getContainerClient(spec.container).getBlockBlobClient(spec.name);
    await blob.uploadFile(spec.file, {
      blobHTTPHeaders: {
        blobContentType: spec.contentType ?? undefined,
        blobCacheControl: spec.cacheControl ?? undefined,
        blobContentDisposition: spec.contentDisposition ?? undefined,
        blobContentEncoding: spec.contentEncoding ?? undefined,
        blobContentLanguage: spec.contentLanguage ?? undefined,
      },
      metadata: spec.metadata ?? {},
      tags: spec.tags && Object.keys(spec.tags).length > 0 ? spec.tags : undefined,
      maxSingleShotSize: 32 * 1024 * 1024,
      blockSize: 8 * 1024 * 1024,
      concurrency: 4,
    });
  });
  console.log(JSON.stringify({ uploaded: specs.length }));
}

async function hashOf(blob) {
  const download = await blob.download();
  const sha256 = crypto.createHash('sha256');
  const md5 = crypto.createHash('md5');
  for await (const chunk of download.readableStreamBody) {
    sha256.update(chunk);
    md5.update(chunk);
  }
  return { sha256: sha256.digest('hex').toUpperCase(), md5: md5.digest('base64') };
}

async function describe(container, prefix, hash) {
  const client = service.getContainerClient(container);
  const names = [];
  for await (const item of client.listBlobsFlat({ prefix: prefix || undefined })) names.push(item.name);
  const described = new Map();
  await inParallel(names, 16, async (name) => {
    const blob = client.getBlobClient(name);
    const p = await blob.getProperties();
    const tags = (await blob.getTags()).tags;
    const entry = {
      name,
      size: p.contentLength,
      etag: p.etag,
      contentType: p.contentType ?? null,
      cacheControl: p.cacheControl ?? null,
      contentDisposition: p.contentDisposition ?? null,
      contentEncoding: p.contentEncoding ?? null,
      contentLanguage: p.contentLanguage ?? null,
      contentMd5: p.contentMD5 ? Buffer.from(p.contentMD5).toString('base64') : null,
      accessTier: p.accessTier ?? null,
      metadata: p.metadata ?? {},
      tags,
    };
    if (hash) Object.assign(entry, await hashOf(blob));
    described.set(name, entry);
  });
  for (const name of names) console.log(JSON.stringify(described.get(name)));
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'create-containers':
      for (const name of args) await service.getContainerClient(name).create();
      break;
    case 'list-containers':
      for await (const container of service.listContainers()) console.log(JSON.stringify({ name: container.name }));
      break;
    case 'put':
      await put();
      break;
    case 'describe':
      await describe(args[0], args.filter((a) => a !== '--hash')[1], args.includes('--hash'));
      break;
    default:
      throw new Error(`unknown command ${command}`);
  }
}

main().catch((e) => {
  console.error(e.code ? `${e.code}: ${e.message}` : e.stack ?? String(e));
  process.exit(1);
});
