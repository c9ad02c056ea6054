// Which attributes name and code an area: --name-field / --code-field when given, else the usual
// ones (name, code, and the XZQMC / XZQDM 行政区名称 / 行政区代码 of Chinese land-survey data).
import type { InputFeature } from './geojson-input.ts';

export interface AttributeFieldOptions {
  nameField?: string;
  codeField?: string;
}

const DEFAULT_NAME_FIELDS = ['name', 'xzqmc'];
const DEFAULT_CODE_FIELDS = ['code', 'adcode', 'xzqdm'];

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The attribute key matching `wanted` exactly, else ignoring case. */
function keyOf(keys: string[], wanted: string): string | undefined {
  return keys.includes(wanted) ? wanted : keys.find((key) => key.toLowerCase() === wanted.toLowerCase());
}

/**
 * Copies the chosen attributes to `name` and `code`, which the area readers use. A field given but
 * found in no feature is refused, naming the attributes there are.
 */
export function applyAttributeFields(features: InputFeature[], options: AttributeFieldOptions, source: string): { valid: true } | { valid: false; reason: string } {
  const keys = [...new Set(features.flatMap((feature) => Object.keys(feature.properties)))];
  for (const [option, field] of [['--name-field', options.nameField], ['--code-field', options.codeField]] as const) {
    if (field !== undefined && keyOf(keys, field) === undefined) {
      return { valid: false, reason: `${option} ${field}: no such attribute in ${source} (attributes: ${keys.join(', ') || 'none'})` };
    }
  }
  const nameKey = options.nameField !== undefined ? keyOf(keys, options.nameField) : undefined;
  const codeKey = options.codeField !== undefined ? keyOf(keys, options.codeField) : undefined;
  for (const feature of features) {
    const properties = feature.properties;
    const pick = (explicit: string | undefined, defaults: string[]) => {
      if (explicit !== undefined) return properties[explicit];
      const own = Object.keys(properties);
      for (const candidate of defaults) {
        const key = keyOf(own, candidate);
        if (key !== undefined && present(properties[key])) return properties[key];
      }
      return undefined;
    };
    const name = pick(nameKey, DEFAULT_NAME_FIELDS);
    const code = pick(codeKey, DEFAULT_CODE_FIELDS);
    if (present(name)) properties.name = String(name).trim();
    if (present(code)) properties.code = String(code).trim();
  }
  return { valid: true };
}
