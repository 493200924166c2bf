// The web build's ./sample-bytes-transport: the browser's language server is a web
// worker, and its messages are structured-cloned, so the bytes go as they are, the
// whole file in the first answer (no text is made of them; a piece, a view of the
// file, would clone the whole file's buffer each time).

import type { SampleBytesTransport } from './sample-bytes-for-server';

export const SERVER_TRANSPORT: SampleBytesTransport = {
  memory: 'the browser',
  pieceBytes: Number.POSITIVE_INFINITY,
  carry: (bytes) => ({ bytes }),
};
