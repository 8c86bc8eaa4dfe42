import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Compresses answers a client says it can take (Accept-Encoding), when they are large:
 * statements as CSV or HTML, the OpenAPI document, journal exports. A buffered answer under
 * the threshold is sent as is; a streamed one (an export) is compressed as it streams.
 *
 * Request bodies are not decompressed: the API takes small JSON bodies, and a compressed
 * one would only be a way round BODY_LIMIT_BYTES' spirit. Brotli at quality 4 (the
 * plugin's default) costs about what gzip does; a higher quality would cost the event loop
 * more than it saves on the wire.
 */
export const compression = fp(
  async (app: FastifyInstance, options: { thresholdBytes: number }) => {
    await app.register(compress, {
      global: true,
      globalDecompression: false,
      threshold: options.thresholdBytes,
      encodings: ['br', 'gzip', 'deflate'],
      // mime-db does not know the jsonl export's type; everything else compressible it does.
      customTypes: /^application\/jsonl(;|$)/,
    });
  },
  { name: 'compression' },
);
