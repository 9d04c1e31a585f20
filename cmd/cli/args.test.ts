import { describe, expect, it } from "vitest";
import { parseArgv } from "./args.js";
import { UsageError } from "./cli-error.js";

function usageMessage(argv: string[]): string {
  try {
    parseArgv(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected ${argv.join(" ")} to be refused`);
}

describe("parseArgv", () => {
  it("accepts global flags before and after the command", () => {
    const parsed = parseArgv(["--url", "http://x:1", "submit", "f.json", "--wait", "--tenant=acme"]);
    expect(parsed.kind).toBe("command");
    if (parsed.kind !== "command") return;
    expect(parsed.command.name).toBe("submit");
    expect(parsed.args).toEqual(["f.json"]);
    expect(parsed.global).toEqual({ url: "http://x:1", tenant: "acme" });
    expect(parsed.flags.bool("wait")).toBe(true);
    expect(parsed.flags.bool("json")).toBe(false);
  });

  it("takes - as a file name and string flag values", () => {
    const parsed = parseArgv(["submit", "-", "--idempotency-key", "k1"]);
    if (parsed.kind !== "command") throw new Error("expected a command");
    expect(parsed.args).toEqual(["-"]);
    expect(parsed.flags.string("idempotency-key")).toBe("k1");
  });

  it("answers help and version", () => {
    expect(parseArgv(["--help"])).toEqual({ kind: "help" });
    expect(parseArgv(["-h"])).toEqual({ kind: "help" });
    expect(parseArgv(["--version"])).toEqual({ kind: "version" });
    expect(parseArgv(["status", "--help"])).toMatchObject({ kind: "help", command: { name: "status" } });
    expect(parseArgv(["help", "events"])).toMatchObject({ kind: "help", command: { name: "events" } });
    expect(parseArgv(["help"])).toEqual({ kind: "help" });
  });

  it("refuses what it does not know, and missing or extra arguments", () => {
    expect(usageMessage([])).toBe("missing command");
    expect(usageMessage(["frob"])).toBe('unknown command "frob"');
    expect(usageMessage(["status"])).toBe("status: missing ID");
    expect(usageMessage(["retry", "g1"])).toBe("retry: missing NODE");
    expect(usageMessage(["retry"])).toBe("retry: missing ID and NODE");
    expect(usageMessage(["patch", "g1"])).toBe("patch: missing FILE");
    expect(usageMessage(["status", "a", "b"])).toBe('status: unexpected argument "b"');
    expect(usageMessage(["status", ""])).toBe("status: ID must not be empty");
    expect(usageMessage(["status", "g1", "--wait"])).toBe("unknown option '--wait'");
    expect(usageMessage(["--json", "--help"])).toBe("unknown option '--json'");
    expect(usageMessage(["status", "g1", "--url"])).toBe("option '--url <value>' argument missing");
    expect(usageMessage(["help", "frob"])).toBe('unknown command "frob"');
  });
});
