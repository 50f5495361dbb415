import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '@boutique/shared';

/**
 * Requests Node's HTTP parser refuses before express sees them (headers over 16 kB, malformed request
 * lines) get the same JSON error shape as everything else; Node's default is a bare status line.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const error =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new AppError('headers_too_large', 'The request line and headers are too large (16 kB at most).')
        : new AppError('validation_error', 'The request is not valid HTTP.');
    const body = JSON.stringify({ success: false, error: error.toJSON() });
    const reason = error.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${error.status} ${reason}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
