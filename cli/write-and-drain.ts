// Writing a lot to a stream that may be slower than us (stdout piped to a slow
// reader): write, and when the stream says its buffer is full, wait until it drains,
// or closes or fails (then nobody will read the rest; the caller's next write or the
// process's end reports it), so what is waiting to be written stays one buffer.

export function writeAndDrain(stream: NodeJS.WritableStream, text: string): Promise<void> | undefined {
  if (stream.write(text)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
