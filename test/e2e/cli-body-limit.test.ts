// A body over DAGO_MAX_BODY_BYTES sent by an ordinary client (the CLI, DagoClient on fetch) that is still uploading
// when the server refuses it: the client must read the 413, not a broken pipe. The server's early answer races the
// upload, so each client sends the oversized body many times.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DagoApiError, DagoClient } from "../../pkg/index.js";
import { DAGO_BIN } from "../helpers/build.js";
import { type ServedDago, startServed } from "../helpers/served-dago.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

const LIMIT = 1024;
const REPETITIONS = 20;

let served: ServedDago;
let dir: string;
let specFile: string;
// Far bigger than the socket buffers, so the client is still writing when the 413 goes out.
const spec = {
  name: "oversized",
  nodes: [{ id: "a", type: "noop", input: { pad: "x".repeat(12_000_000) } }],
};

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DAGO_BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", DAGO_URL: served.url }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dago-body-limit-"));
  specFile = join(dir, "oversized.json");
  await writeFile(specFile, JSON.stringify(spec));
  served = await startServed(["--no-workers"], {
    DAGO_KEY_PREFIX: uniquePrefix(),
    DAGO_MAX_BODY_BYTES: String(LIMIT),
  });
});

afterAll(async () => {
  if (served?.proc.child.exitCode === null) served.proc.child.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("a body over DAGO_MAX_BODY_BYTES", () => {
  it("is reported by dago submit as a refused request naming the limit, every time", async () => {
    for (let i = 0; i < REPETITIONS; i++) {
      const result = await cli(["submit", specFile]);
      expect({ run: i, code: result.code, stdout: result.stdout }).toEqual({ run: i, code: 3, stdout: "" });
      expect(result.stderr).not.toMatch(/EPIPE|ECONNRESET|cannot reach/);
      expect(result.stderr).toContain("dago: the server refused the request (HTTP 413 body_too_large)");
      expect(result.stderr).toContain(`at most ${LIMIT} bytes (its DAGO_MAX_BODY_BYTES)`);
    }
  });

  it("reaches DagoClient as a 413 DagoApiError, every time", async () => {
    const client = new DagoClient({ baseUrl: served.url });
    for (let i = 0; i < REPETITIONS; i++) {
      const error = await client.submit(spec).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(DagoApiError);
      expect({ run: i, status: (error as DagoApiError).status, code: (error as DagoApiError).code }).toEqual({
        run: i,
        status: 413,
        code: "body_too_large",
      });
    }
    // The server still answers on its next connection.
    expect((await client.health()).status).toBe("ok");
  });
});
