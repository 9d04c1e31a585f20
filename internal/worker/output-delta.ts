// Where workers publish output deltas (the delta itself is the wire contract's: internal/contract/output-delta.ts).

export function outputDeltaChannel(keyPrefix: string): string {
  return `${keyPrefix}:deltas`;
}
