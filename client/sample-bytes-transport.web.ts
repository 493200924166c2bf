// The web build's ./sample-bytes-transport: the browser's language server is a web
// worker, and its messages are structured-cloned, so the bytes go as they are.

import type { SampleBytesTransport } from './sample-bytes-for-server';

export const SERVER_TRANSPORT: SampleBytesTransport = {
  memory: 'the browser',
  carry: (bytes) => ({ bytes }),
};
