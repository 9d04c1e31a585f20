// What the sign-in form accepts as an API key, checked before anything is sent: a key travels in an HTTP header
// and a WebSocket subprotocol, so only printable characters without spaces can be a key.

export type KeyInput = { key: string } | { problem: string };

const PRINTABLE = /^[\x21-\x7e]+$/;

export function parseKeyInput(text: string): KeyInput {
  const key = text.trim();
  if (key === "") return { problem: "Enter an API key." };
  if (!PRINTABLE.test(key)) {
    return { problem: "An API key is made of printable characters, without spaces." };
  }
  return { key };
}
