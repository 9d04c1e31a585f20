// Arguments of a command the CLI prints for the user to paste: quoted only when a POSIX shell would otherwise split
// or interpret them (a list cursor holds a "|").
const PLAIN = /^[A-Za-z0-9_./:=@%+,-]+$/;

export function shellQuote(arg: string): string {
  if (PLAIN.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function shellCommand(args: readonly string[]): string {
  return args.map(shellQuote).join(" ");
}
