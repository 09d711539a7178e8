// Reads what the server logs: swaps the process's logger for one writing JSON lines into memory.
import { Writable } from 'node:stream';
import { createLogger, setLogger, type LogFormat } from '../src/log.ts';

export interface LogCapture {
  /** Every line written so far, as written. */
  text(): string;
  /** Every line written so far, parsed (JSON format only). */
  entries(): Array<Record<string, unknown>>;
  restore(): void;
}

export function captureLog(options: { level?: string; format?: LogFormat } = {}): LogCapture {
  let written = '';
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const previous = setLogger(
    createLogger({ level: options.level ?? 'debug', format: options.format, destination }),
  );
  return {
    text: () => written,
    entries: () =>
      written
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    restore: () => setLogger(previous),
  };
}
