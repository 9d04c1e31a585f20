import { describe, expect, it } from "vitest";
import { base64url, liveSubprotocols } from "./live-subprotocols.js";

// RFC 4648 token characters a WebSocket subprotocol may use.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

describe("liveSubprotocols", () => {
  it("offers dago and the key in base64url", () => {
    expect(liveSubprotocols("acme-key-0123456789")).toEqual([
      "dago",
      "dago.bearer.YWNtZS1rZXktMDEyMzQ1Njc4OQ",
    ]);
  });

  it("turns any printable key into a valid protocol token, without padding", () => {
    // "+" and "/" of plain base64 become "-" and "_".
    expect(base64url("??>")).toBe("Pz8-");
    expect(base64url("???")).toBe("Pz8_");
    expect(base64url("a")).toBe("YQ");
    expect(base64url("é")).toBe("w6k"); // its UTF-8 bytes
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join(
      "",
    );
    for (const key of [printable, 'k=,;"(){}[]', "x"]) {
      const [, bearer] = liveSubprotocols(key);
      expect(bearer, key).toMatch(TOKEN);
      expect(bearer, key).not.toContain("=");
    }
  });
});
