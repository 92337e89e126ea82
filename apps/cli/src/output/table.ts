import Table from 'cli-table3';

/** Plain columns without borders: readable in a terminal and easy to `grep`/`awk`. */
export function renderTable(
  head: string[],
  rows: (string | number | null | undefined)[][],
): string {
  const table = new Table({
    head,
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows)
    table.push(row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** `name: value` lines, names aligned. */
export function renderFields(fields: [string, string | number | null | undefined][]): string {
  const width = Math.max(...fields.map(([name]) => name.length));
  return fields
    .map(
      ([name, value]) =>
        `${`${name}:`.padEnd(width + 2)}${value === null || value === undefined || value === '' ? '-' : value}`,
    )
    .join('\n');
}

export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
