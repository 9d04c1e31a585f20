// Paste a graph as JSON or YAML: it is validated by the server as you type (every problem listed inline, with its
// node and field), and submitted only once it is valid.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ErrorDetail } from "../../../internal/contract/error-catalog.js";
import type { ValidateResponse } from "../../../internal/contract/submission.js";
import { DagoApiError } from "../../../pkg/client/errors.js";
import { callApi } from "../api/dashboard-api.js";
import { problemOf, problemText } from "../api/problem.js";
import { navigate } from "../navigation.js";
import { graphPath } from "../router.js";
import { detectSpecFormat, EXAMPLE_SPEC } from "./spec-format.js";

const VALIDATE_DELAY_MS = 300;

type Check =
  | { kind: "empty" }
  | { kind: "checking" }
  | { kind: "valid"; levels: string[][] }
  | { kind: "invalid"; issues: Issue[]; message?: string };

/** A validation problem, as the validation answer lists it or an error's details carry it. */
type Issue = Pick<ErrorDetail, "code" | "message" | "nodeId" | "path">;

export function SubmitPage() {
  const [text, setText] = useState("");
  const [check, setCheck] = useState<Check>({ kind: "empty" });
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const generation = useRef(0);
  const errorsRef = useRef<HTMLDivElement>(null);
  const format = detectSpecFormat(text);

  const validate = async (value: string): Promise<Check> => {
    const mine = ++generation.current;
    if (value.trim() === "") {
      const empty: Check = { kind: "empty" };
      setCheck(empty);
      return empty;
    }
    setCheck({ kind: "checking" });
    const result = await runValidation(value);
    // A newer keystroke started another validation: this answer is for text no longer there.
    if (mine === generation.current) setCheck(result);
    return result;
  };

  useEffect(() => {
    const timer = setTimeout(() => void validate(text), VALIDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitError(undefined);
    const result = await validate(text);
    if (result.kind !== "valid") {
      errorsRef.current?.focus();
      return;
    }
    setSubmitting(true);
    try {
      const created = await callApi((dago) => dago.submitText(text, format));
      navigate(graphPath(created.id));
    } catch (err) {
      if (err instanceof DagoApiError && err.details.length > 0) {
        setCheck({ kind: "invalid", issues: err.details, message: err.message });
        errorsRef.current?.focus();
      } else {
        setSubmitError(problemText(err));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const invalid = check.kind === "invalid";
  return (
    <>
      <h1 tabIndex={-1}>Submit a graph</h1>
      <form class="submit-form" onSubmit={submit} noValidate>
        <div class="field">
          <label for="spec">Graph, as JSON or YAML</label>
          <textarea
            id="spec"
            name="spec"
            rows={20}
            spellcheck={false}
            autocomplete="off"
            value={text}
            aria-invalid={invalid}
            aria-describedby="spec-format spec-check"
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          />
          <p id="spec-format" class="note">
            {text.trim() === ""
              ? "Paste or type a graph."
              : `Read as ${format === "json" ? "JSON" : "YAML"}.`}
          </p>
        </div>
        <div id="spec-check" ref={errorsRef} tabIndex={-1} aria-live="polite" class="spec-check">
          <CheckResult check={check} />
        </div>
        <div class="controls">
          <button type="submit" disabled={submitting || check.kind === "empty"}>
            Submit
          </button>
          <button type="button" class="quiet" onClick={() => setText(EXAMPLE_SPEC)}>
            Insert an example
          </button>
        </div>
        {submitError && (
          <p class="error" role="alert">
            The graph was not submitted: {submitError}
          </p>
        )}
      </form>
    </>
  );
}

async function runValidation(text: string): Promise<Check> {
  try {
    const result: ValidateResponse = await callApi((dago) => dago.validateText(text, detectSpecFormat(text)));
    return result.valid
      ? { kind: "valid", levels: result.levels }
      : { kind: "invalid", issues: result.errors };
  } catch (err) {
    // A body that does not parse (invalid_yaml, invalid_json) is a problem with the text like any other.
    const { code, message } = problemOf(err);
    return {
      kind: "invalid",
      issues: err instanceof DagoApiError ? err.details : [],
      message: `${code}: ${message}`,
    };
  }
}

function CheckResult({ check }: { check: Check }) {
  switch (check.kind) {
    case "empty":
      return null;
    case "checking":
      return <p class="note">Checking…</p>;
    case "valid":
      return (
        <p class="ok" data-testid="spec-valid">
          Valid. Runs in {check.levels.length} step{check.levels.length === 1 ? "" : "s"}:{" "}
          {check.levels.map((level) => level.join(", ")).join(" → ")}
        </p>
      );
    case "invalid":
      return (
        <div class="error" data-testid="spec-errors">
          <p>
            <strong>
              {check.issues.length > 0
                ? `${check.issues.length} problem${check.issues.length === 1 ? "" : "s"}:`
                : "The graph cannot be read:"}
            </strong>
            {check.issues.length === 0 && check.message ? ` ${check.message}` : ""}
          </p>
          {check.issues.length > 0 && (
            <ul class="issues">
              {check.issues.map((issue, i) => (
                <li key={`${issue.code}-${issue.path ?? ""}-${i}`} data-code={issue.code}>
                  <code>{issue.code}</code>
                  {issue.nodeId !== undefined && (
                    <>
                      {" "}
                      in node <code>{issue.nodeId}</code>
                    </>
                  )}
                  {issue.path !== undefined && (
                    <>
                      {" "}
                      at <code>{issue.path}</code>
                    </>
                  )}
                  : {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      );
  }
}
