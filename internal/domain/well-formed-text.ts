// Unpaired surrogates: UTF-16 halves that JavaScript strings may hold but UTF-8 and Redis' JSON decoder cannot
// (JSON.stringify writes them as "\ud800", which cjson refuses). Specs holding them are refused; text that comes
// from executors is repaired before it is stored.

const SURROGATE = /[\ud800-\udfff]/;
const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const EVERY_UNPAIRED = new RegExp(UNPAIRED.source, "g");

/** Whether a string holds a surrogate that is not half of a pair. */
export function hasUnpairedSurrogate(text: string): boolean {
  if (!SURROGATE.test(text)) return false;
  return UNPAIRED.test(text);
}

/** The text with every unpaired surrogate replaced by U+FFFD, as a UTF-8 encoder would write it. */
export function wellFormed(text: string): string {
  return SURROGATE.test(text) ? text.replace(EVERY_UNPAIRED, "\ufffd") : text;
}
