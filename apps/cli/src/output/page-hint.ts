import { type Page } from '../api/api-types.js';

/** Told below a table when more items exist, so the next page is one flag away. */
export function nextPageHint(page: Page<unknown>): string {
  return page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : '';
}
