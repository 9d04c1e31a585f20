// The decision on a waiting approval node: its data as a form generated from the node's schema (no schema: no
// data), a comment, and Approve or Reject. The server checks the data; its problems appear next to their fields.
import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { NodeDecisionView } from "../../../internal/contract/decisions.js";
import { callApi } from "../api/dashboard-api.js";
import { type DecisionProblem, decisionProblemOf } from "./decision-problem.js";
import { dataOf, type FieldValues, fieldsOf, optionText, type SchemaField } from "./schema-fields.js";
import "./decision-form.css";

interface Props {
  graphId: string;
  nodeId: string;
  schema: Record<string, unknown> | undefined;
}

const NO_PROBLEM: DecisionProblem = { fields: {} };

export function DecisionForm({ graphId, nodeId, schema }: Props) {
  const fields = useMemo(() => (schema === undefined ? [] : fieldsOf(schema)), [schema]);
  const [values, setValues] = useState<FieldValues>({});
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<DecisionProblem>(NO_PROBLEM);
  const [made, setMade] = useState<NodeDecisionView>();

  const send = async (call: () => Promise<NodeDecisionView>) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    try {
      setMade(await call());
    } catch (err) {
      setProblem(decisionProblemOf(err, fields));
    } finally {
      setBusy(false);
    }
  };
  const note = comment.trim() === "" ? undefined : comment;
  const approve = (event: Event) => {
    event.preventDefault();
    let data: unknown;
    if (schema !== undefined) {
      const result = dataOf(fields, values);
      if (!result.ok) {
        const byField = Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, [v]]));
        setProblem({ fields: byField, message: "Some fields do not hold valid JSON." });
        return;
      }
      data = result.data;
    }
    void send(() =>
      callApi((dago) =>
        dago.approve(graphId, nodeId, {
          ...(data === undefined ? {} : { data }),
          ...(note === undefined ? {} : { comment: note }),
        }),
      ),
    );
  };
  const reject = () =>
    void send(() =>
      callApi((dago) => dago.reject(graphId, nodeId, note === undefined ? {} : { comment: note })),
    );

  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  return (
    <form
      class="decision-form"
      noValidate
      onSubmit={approve}
      aria-label="Decision"
      data-testid="decision-form"
    >
      {fields.length > 0 && (
        <fieldset>
          <legend>Data</legend>
          {fields.map((field) => (
            <FieldInput
              key={field.name}
              field={field}
              value={values[field.name] ?? field.initial}
              onInput={set(field.name)}
              problems={problem.fields[field.name]}
            />
          ))}
        </fieldset>
      )}
      {!fields.some((f) => f.name === "") && problem.fields[""] && (
        <Problems id="decision-problems" list={problem.fields[""]} />
      )}
      <div class="field">
        <label for="decision-comment">Comment</label>
        <textarea
          id="decision-comment"
          rows={2}
          value={comment}
          onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <p class="decision-buttons">
        <button type="submit" disabled={busy || made !== undefined}>
          Approve
        </button>{" "}
        <button type="button" class="danger" onClick={reject} disabled={busy || made !== undefined}>
          Reject
        </button>
      </p>
      {problem.message && (
        <p class="error" role="alert" data-testid="decision-error">
          {problem.message}
        </p>
      )}
      {made && (
        <p class="note" role="status" data-testid="decision-made">
          {made.approved ? "Approved" : "Rejected"} as {made.by}; the node goes on shortly.
        </p>
      )}
    </form>
  );
}

interface FieldProps {
  field: SchemaField;
  value: string;
  onInput(value: string): void;
  problems: string[] | undefined;
}

function FieldInput({ field, value, onInput, problems }: FieldProps) {
  const id = `decision-field-${field.name || "data"}`;
  const describedBy = [field.description && `${id}-hint`, problems && `${id}-problems`]
    .filter(Boolean)
    .join(" ");
  const common = {
    id,
    "aria-invalid": problems ? ("true" as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
  const read = (e: Event) => onInput((e.currentTarget as HTMLInputElement).value);
  let input: JSX.Element;
  switch (field.kind) {
    case "boolean":
      input = (
        <input
          {...common}
          type="checkbox"
          checked={value === "true"}
          onChange={(e) => onInput((e.currentTarget as HTMLInputElement).checked ? "true" : "false")}
        />
      );
      break;
    case "enum":
      input = (
        <select {...common} value={value} onChange={read}>
          <option value="">(none)</option>
          {field.options?.map((option, i) => (
            <option key={optionText(option)} value={String(i)}>
              {optionText(option)}
            </option>
          ))}
        </select>
      );
      break;
    case "number":
    case "integer":
      input = (
        <input
          {...common}
          type="text"
          inputMode={field.kind === "integer" ? "numeric" : "decimal"}
          value={value}
          onInput={read}
        />
      );
      break;
    case "text":
      input = <input {...common} type="text" value={value} onInput={read} />;
      break;
    default:
      input = <textarea {...common} rows={4} class="json" value={value} onInput={read} />;
  }
  return (
    <div class={`field field-${field.kind}`} data-field={field.name}>
      <label for={id}>
        {field.label}
        {field.kind === "json" && field.name !== "" && <span class="note"> (JSON)</span>}
        {field.required && <span class="note"> (required)</span>}
      </label>
      {input}
      {field.description && (
        <p class="note" id={`${id}-hint`}>
          {field.description}
        </p>
      )}
      {problems && <Problems id={`${id}-problems`} list={problems} />}
    </div>
  );
}

function Problems({ id, list }: { id: string; list: string[] }) {
  return (
    <ul class="field-problems error" id={id} data-testid="field-problems">
      {list.map((text) => (
        <li key={text}>{text}</li>
      ))}
    </ul>
  );
}
