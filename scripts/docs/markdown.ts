// The few Markdown pieces the generated pages are made of.
import type { Field } from './schema-fields.js';

/** A cell never breaks its table: pipes are escaped (unless already), newlines become spaces. */
const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');

export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function fieldTable(fields: readonly Field[], opts: { required?: boolean } = {}): string {
  if (fields.length === 0) return '_No fields._';
  if (opts.required) {
    return table(['field', 'type', 'required', 'notes'], fields.map((f) => [`\`${f.path}\``, f.type, f.required ? 'yes' : 'no', f.description]));
  }
  return table(['field', 'type', 'notes'], fields.map((f) => [`\`${f.path}\``, f.required ? f.type : `${f.type} (may be absent)`, f.description]));
}

/** The page's text: blocks separated by one blank line, one newline at the end. */
export const page = (blocks: readonly string[]): string => `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
