// Everything a command touches outside itself, passed in so commands can run in-process under test.
import type { FetchLike } from "../../pkg/client/types.js";

export interface TextSink {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  stdin: AsyncIterable<string | Uint8Array>;
  env: NodeJS.ProcessEnv;
  /** The HTTP client's fetch; the global one when unset. */
  fetch?: FetchLike;
}

export function println(sink: TextSink, line = ""): void {
  sink.write(`${line}\n`);
}
