// Original file: proto/dago/v1/graph.proto


/**
 * A template version: immutable, addressed by number and by the sha256 of its content.
 */
export interface TemplateRef {
  'name'?: (string);
  'version'?: (number);
  'hash'?: (string);
}

/**
 * A template version: immutable, addressed by number and by the sha256 of its content.
 */
export interface TemplateRef__Output {
  'name'?: (string);
  'version'?: (number);
  'hash'?: (string);
}
