// Property-based tests run with one fixed seed by default, so a run of `make test` (and CI) is reproducible:
// a failure is the code's, not the draw's. DAGO_FUZZ_SEED=random explores new inputs (fast-check prints the seed
// of any failure, to be replayed with DAGO_FUZZ_SEED=<seed>); any number picks that seed.
import fc from "fast-check";

const DEFAULT_SEED = 20_261_121;

const setting = process.env.DAGO_FUZZ_SEED;
if (setting !== "random") {
  const seed = setting === undefined || setting === "" ? DEFAULT_SEED : Number(setting);
  if (!Number.isSafeInteger(seed))
    throw new Error(`DAGO_FUZZ_SEED must be an integer or "random", got ${setting}`);
  fc.configureGlobal({ seed });
}
