/**
 * The HTTP floor for the server benchmark: a bare `node:http` handler that
 * reads the request body and answers fixed bytes (the server's own answer,
 * with its content type). What serving the documented query costs with no
 * GraphQL server at all: the same sockets, parser and load generator.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixedAnswer {
  body: Buffer;
  contentType: string;
}

export interface RunningFloor {
  url: string;
  close(): Promise<void>;
}

export async function startHttpFloor(answer: FixedAnswer, pathname: string): Promise<RunningFloor> {
  const http = createServer((request, response) => {
    // The body is read to its end, as a server must before answering.
    request.on('data', () => {});
    request.on('end', () => {
      response.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.body.length });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${pathname}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections();
      }),
  };
}
