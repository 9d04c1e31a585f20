#!/usr/bin/env node
// The dago executable: `dago --help` lists the commands and exit codes.
import { run } from "./cli/run.js";

// A reader that stops early (`dago events ID | head`) closes the pipe; that is not an error worth a stack trace.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
