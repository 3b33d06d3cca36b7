import type { AttributeDef, Attributes, AttributeValue, Label } from '../model/labels';
import { valueProblem } from '../schema/conformance';

/**
 * A span's attribute values that an export can write, in the schema's order: those the label
 * has and whose values fit. Anything else is reported through `issue`, never dropped silently.
 */
export function exportableAttributes(spanId: string, attributes: Attributes, label: Label, issue: (item: string, message: string) => void): Array<{ def: AttributeDef; value: AttributeValue }> {
  for (const id of Object.keys(attributes)) {
    if (!label.attributes.some((d) => d.id === id)) issue(spanId, `attribute "${id}" is not an attribute of ${label.id} in the schema: not exported`);
  }
  const out: Array<{ def: AttributeDef; value: AttributeValue }> = [];
  for (const def of label.attributes) {
    const value = attributes[def.id];
    if (value === undefined) continue;
    const problem = valueProblem(def, value);
    if (problem) issue(spanId, `${label.id} › ${def.id}: ${problem}: not exported`);
    else out.push({ def, value });
  }
  return out;
}
