// The submit form takes JSON or YAML; which one decides the Content-Type sent to the API.
import type { SpecFormat } from "../../../internal/domain/parse-spec.js";

/** JSON when the text starts like a JSON document, else YAML (of which JSON is a subset anyway). */
export function detectSpecFormat(text: string): SpecFormat {
  return /^\s*[{[]/.test(text) ? "json" : "yaml";
}

export const EXAMPLE_SPEC = `name: report
input:
  topic: Redis Streams
nodes:
  - id: outline
    type: llm
    prompt: "Outline a report on {{input.topic}}"
  - id: a
    type: llm
    dependsOn: [outline]
    prompt: "Section A of {{nodes.outline.output}}"
  - id: b
    type: llm
    dependsOn: [outline]
    prompt: "Section B of {{nodes.outline.output}}"
  - id: final
    type: noop
    dependsOn: [a, b]
`;
