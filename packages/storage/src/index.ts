// Public entry point of @gridlight/storage.

export { type CidLike, cidForBytes, parseCid, RAW_CODEC, SHA2_256 } from '@gridlight/sdk/cid';
export type {
  BlobSource,
  BlobStat,
  BlobStore,
  ByteRange,
  GetOptions,
  PutOptions,
  PutResult,
} from './blobStore.js';
export { runStorageCommand, type StorageCommandContext } from './cli.js';
export { StorageClient, type StorageClientOptions } from './client.js';
export {
  BaseError,
  BlobCorruptError,
  BlobNotFoundError,
  BlobTooLargeError,
  CidInvalidError,
  CidMismatchError,
  CidUnsupportedError,
  CliUsageError,
  RangeNotSatisfiableError,
  StorageResponseError,
  StorageUnavailableError,
} from './errors.js';
export { type CorruptBlobEvent, FsBlobStore, type FsBlobStoreOptions } from './fsBlobStore.js';
export {
  DEFAULT_MAX_UPLOAD_BYTES,
  type Gateway,
  type GatewayOptions,
  startGateway,
} from './gateway.js';
export { IpfsKuboStore, type IpfsKuboStoreOptions, KUBO_SINGLE_BLOCK_BYTES } from './kuboStore.js';
export { createLogger, type LogFormat } from './logger.js';
