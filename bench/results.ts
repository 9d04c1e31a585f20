// Collected measurements and the table printed at the end: medians with min..max over runs, and ratios computed
// run by run (dago and BullMQ measured in the same round), since absolute numbers drift on a noisy machine.
import { formatSpread, spread } from "./stats.js";

export interface Measurement {
  workload: string;
  mode: string;
  metric: string;
  system: string;
  /** One value per run, index = round, so two systems' values of the same round can be compared. */
  values: number[];
  /** Whether more is better, for the ratio column's wording. */
  higherIsBetter: boolean;
}

export class Results {
  readonly rows: Measurement[] = [];

  add(
    workload: string,
    mode: string,
    metric: string,
    system: string,
    value: number,
    higherIsBetter: boolean,
  ) {
    let row = this.rows.find(
      (r) => r.workload === workload && r.mode === mode && r.metric === metric && r.system === system,
    );
    if (!row) {
      row = { workload, mode, metric, system, values: [], higherIsBetter };
      this.rows.push(row);
    }
    row.values.push(value);
  }

  /** A Markdown table: one line per workload and metric, a column per system, and dago/BullMQ per round. */
  table(): string {
    const lines = [
      "| Redis | Workload | Metric | dago | BullMQ | dago ÷ BullMQ (same round) |",
      "|---|---|---|---|---|---|",
    ];
    const keys = new Set(this.rows.map((r) => `${r.mode}\u0000${r.workload}\u0000${r.metric}`));
    for (const key of keys) {
      const [mode, workload, metric] = key.split("\u0000") as [string, string, string];
      const of = (system: string) =>
        this.rows.find(
          (r) => r.mode === mode && r.workload === workload && r.metric === metric && r.system === system,
        );
      const dago = of("dago");
      const bull = of("bullmq");
      let ratio = "";
      if (dago && bull) {
        const perRound = dago.values.map((v, i) => v / (bull.values[i] ?? Number.NaN));
        ratio = formatSpread(spread(perRound));
      }
      lines.push(
        `| ${mode} | ${workload} | ${metric} | ${dago ? formatSpread(spread(dago.values)) : ""} | ${
          bull ? formatSpread(spread(bull.values)) : ""
        } | ${ratio} |`,
      );
    }
    return lines.join("\n");
  }
}
