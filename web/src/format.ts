// How numbers and times read on screen.

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes} min ${seconds} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Between two instants, or from `start` to `now` while the second is still open. */
export function span(start: number | undefined, end: number | undefined, now?: number): number | undefined {
  if (start === undefined) return undefined;
  const to = end ?? now;
  return to === undefined ? undefined : to - start;
}

export function formatTime(at: number | undefined): string {
  if (at === undefined) return "–";
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(
    d.getMinutes(),
  )}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatCost(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return "–";
  if (usd === 0) return "$0";
  if (usd < 0.01) return `$${usd.toFixed(6).replace(/0+$/, "")}`;
  return `$${usd.toFixed(4).replace(/0{1,2}$/, "")}`;
}

export function formatCount(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? "–" : n.toLocaleString("en-US");
}

/** Node outputs are any JSON; text is shown as is, anything else pretty-printed. */
export function formatOutput(output: unknown): string {
  if (typeof output === "string") return output;
  if (output === undefined) return "";
  return JSON.stringify(output, null, 2);
}
