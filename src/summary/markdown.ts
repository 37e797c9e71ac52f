/**
 * Small GFM builders. Everything the page shows from the outside world
 * (errors, names, warnings) goes through one of these, so a `|` or a `<`
 * in a message cannot break the table or inject markup.
 */
import { groupDigits } from '../util/format.js'

/** Text for a table cell: pipes escaped, one line. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** Free text in a paragraph or list item: shown as written, never as markup. */
export function prose(text: string): string {
  return cell(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_[\]`])/g, '\\$1')
}

/** Text inside an HTML element such as <summary>, where Markdown is not parsed. */
export function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ')
}

/** An inline code span that survives backticks in the text. */
export function code(text: string): string {
  const runs = text.match(/`+/g) ?? []
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${cell(text)}${pad}${fence}`
}

/** `1 region`, `3 regions`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${groupDigits(n)} ${n === 1 ? one : many}`
}

/**
 * A collapsed section. The blank lines matter: without them GitHub (and
 * marked) treat the Markdown inside as raw HTML.
 */
export function details(summary: string, body: string[]): string[] {
  return [
    `<details><summary>${html(summary)}</summary>`,
    '',
    ...body,
    '',
    '</details>',
    ''
  ]
}
